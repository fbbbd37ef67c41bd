import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSafePersonName, PERSON_NAME_MAX_LENGTH } from '../../common/validation/person-name';

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);

/** The most characters of a password taken in at all (longer ones are refused unhashed). */
const PASSWORD_INPUT_MAX_LENGTH = 1024;

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

/** The email of a new account, validated and documented (with its length limit). */
export function AccountEmailField(example: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ example, maxLength: 254 }), IsAccountEmail());
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

/** A first or last name, validated and documented; `optional` for a partial change. */
export function PersonNameField(example: string, optional = false): PropertyDecorator {
  const doc = { example, maxLength: PERSON_NAME_MAX_LENGTH };
  return optional
    ? applyDecorators(ApiPropertyOptional(doc), IsOptional(), IsPersonName())
    : applyDecorators(ApiProperty(doc), IsPersonName());
}

/** A password as typed (to sign in, or the current one): a string the service checks. */
export function IsPasswordInput(): PropertyDecorator {
  return applyDecorators(IsString(), MaxLength(PASSWORD_INPUT_MAX_LENGTH));
}

/** A new password, documented as 8 to 128 characters (the service applies the rules). */
export function NewPasswordField(example: string, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example, minLength: 8, maxLength: 128, ...(description ? { description } : {}) }),
    IsPasswordInput(),
  );
}
