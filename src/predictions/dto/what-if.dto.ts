import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { FactorChangesDto } from './factor-changes.dto';

/** A scenario: the student's current factors with some of them changed. */
export class WhatIfDto {
  @ApiProperty({ example: 'STU0001' })
  @IsString({ message: 'student_id must be a string' })
  @MaxLength(40, { message: 'student_id must be at most 40 characters' })
  student_id!: string;

  @ApiProperty({
    type: FactorChangesDto,
    description: 'The factors to change (at least one), with their hypothetical values.',
    example: { hours_studied: 30, attendance: 95 },
  })
  @IsDefined({ message: 'changes is required' })
  @IsObject({ message: 'changes must be an object of factor values' })
  @ValidateNested()
  @Type(() => FactorChangesDto)
  changes!: FactorChangesDto;
}
