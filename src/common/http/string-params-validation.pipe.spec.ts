import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, MaxLength } from 'class-validator';
import { IdParamDto } from '../../notifications/dto/id-param.dto';
import { PerformanceRecordParamDto } from '../../students/dto/performance-record-param.dto';
import { StudentIdParamDto } from '../../students/dto/student-id-param.dto';
import { StringParamsValidationPipe, stringShapeOf } from './string-params-validation.pipe';

class TrimmedParamDto {
  @Transform(({ value }: { value: string }) => value.trim())
  @IsString()
  @MaxLength(5)
  name!: string;
}

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  exceptionFactory: (errors: unknown[]) => new Error(JSON.stringify(errors)),
};

const param = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'param',
  metatype,
});

async function outcome(pipe: ValidationPipe, value: unknown, meta: ArgumentMetadata) {
  try {
    const result: unknown = await pipe.transform(value, meta);
    return { result, type: (result as object).constructor };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('StringParamsValidationPipe', () => {
  it('takes the shortcut only for DTOs of plain strings', () => {
    expect(stringShapeOf(StudentIdParamDto)).toEqual(new Map([['student_id', 40]]));
    expect(stringShapeOf(IdParamDto)).toBeUndefined();
    expect(stringShapeOf(PerformanceRecordParamDto)).toBeUndefined();
    expect(stringShapeOf(TrimmedParamDto)).toBeUndefined();
  });

  it.each([
    [StudentIdParamDto, { student_id: 'S12345' }],
    [StudentIdParamDto, { student_id: 'x'.repeat(40) }],
    [StudentIdParamDto, { student_id: 'x'.repeat(41) }],
    [StudentIdParamDto, { student_id: '😀'.repeat(30) }],
    [StudentIdParamDto, { student_id: 'S1', other: 'x' }],
    [StudentIdParamDto, {}],
    [TrimmedParamDto, { name: ' abc ' }],
    [IdParamDto, { id: 'not-a-uuid' }],
  ])('gives %p the same instance or errors as the full pipe for %j', async (metatype, value) => {
    const full = await outcome(new ValidationPipe(OPTIONS), { ...value }, param(metatype));
    const fast = await outcome(
      new StringParamsValidationPipe(OPTIONS),
      { ...value },
      param(metatype),
    );
    expect(fast).toEqual(full);
  });

  it('returns an instance of the DTO with the parameter', async () => {
    const pipe = new StringParamsValidationPipe(OPTIONS);
    const dto = await pipe.transform({ student_id: 'S1' }, param(StudentIdParamDto));
    expect(dto).toBeInstanceOf(StudentIdParamDto);
    expect(dto).toEqual({ student_id: 'S1' });
  });
});
