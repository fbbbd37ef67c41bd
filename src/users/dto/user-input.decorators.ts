import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsSafePersonName, PERSON_NAME_MAX_LENGTH } from '../../common/validation/person-name';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

/** An email address: trimmed and lower-cased, at most 254 characters. */
export function IsAccountEmail(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().toLowerCase() : value,
    ),
    IsString(),
    MaxLength(254),
    IsEmail({ allow_display_name: false, allow_ip_domain: false }),
  );
}

/**
 * A first or last name: trimmed, 1 to 100 characters, single-line, without control characters
 * or anything that reads as a link in a mail (see personNameProblem).
 */
export function IsPersonName(): PropertyDecorator {
  return applyDecorators(
    trim,
    IsString(),
    IsNotEmpty(),
    MaxLength(PERSON_NAME_MAX_LENGTH),
    IsSafePersonName(),
  );
}
