import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { numberInRange } from '../../common/validation/number-in-range';
import { IsSafePersonName } from '../../common/validation/person-name';
import type { WritableField } from '../student-fields';
import { STUDENT_FIELD_SPECS, StudentFieldSpec } from './student-field-specs';

/**
 * `create`: required unless the field is nullable (then it may be omitted or null).
 * `update`: every field may be omitted; only nullable fields may be set to null.
 */
export type StudentFieldMode = 'create' | 'update';

function presence(spec: StudentFieldSpec, mode: StudentFieldMode): PropertyDecorator[] {
  if (spec.nullable) return [ValidateIf((_o, value) => value !== undefined && value !== null)];
  if (mode === 'update') return [ValidateIf((_o, value) => value !== undefined)];
  return [IsDefined({ message: '$property is required' })];
}

const trim = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value,
);
const trimLower = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value,
);

function validators(field: WritableField, spec: StudentFieldSpec): PropertyDecorator[] {
  switch (spec.kind) {
    case 'number':
      return numberInRange(field, spec, spec.integer);
    case 'enum':
      return [IsIn(spec.values, { message: `${field} must be one of: ${spec.values.join(', ')}` })];
    case 'boolean':
      return [IsBoolean({ message: `${field} must be true or false` })];
    case 'name':
      return [
        trim,
        IsString({ message: `${field} must be a string` }),
        IsNotEmpty({ message: `${field} must not be empty` }),
        MaxLength(spec.maxLength, {
          message: `${field} must be at most ${spec.maxLength} characters`,
        }),
        IsSafePersonName(),
      ];
    case 'email':
      return [
        trimLower,
        IsString({ message: `${field} must be a string` }),
        MaxLength(spec.maxLength, {
          message: `${field} must be at most ${spec.maxLength} characters`,
        }),
        IsEmail({}, { message: `${field} must be an email address` }),
      ];
  }
}

function documentation(spec: StudentFieldSpec, required: boolean): PropertyDecorator {
  const common = {
    description: spec.description,
    example: spec.example,
    required,
    nullable: spec.nullable || undefined,
  };
  switch (spec.kind) {
    case 'number':
      return ApiProperty({
        ...common,
        type: spec.integer ? 'integer' : 'number',
        minimum: spec.min,
        maximum: spec.max,
      });
    case 'enum':
      return ApiProperty({ ...common, ...spec.apiEnum });
    case 'boolean':
      return ApiProperty({ ...common, type: 'boolean' });
    case 'name':
      return ApiProperty({ ...common, type: 'string', minLength: 1, maxLength: spec.maxLength });
    case 'email':
      return ApiProperty({
        ...common,
        type: 'string',
        format: 'email',
        maxLength: spec.maxLength,
      });
  }
}

/** Validation and documentation of a writable student field, from its spec. */
export function StudentField(field: WritableField, mode: StudentFieldMode): PropertyDecorator {
  const spec = STUDENT_FIELD_SPECS[field];
  const required = mode === 'create' && !spec.nullable;
  return applyDecorators(
    documentation(spec, required),
    ...presence(spec, mode),
    ...validators(field, spec),
  );
}

/** Documentation of a student field in a response (always present; null when unknown). */
export function StudentResponseField(field: WritableField): PropertyDecorator {
  return documentation(STUDENT_FIELD_SPECS[field], true);
}
