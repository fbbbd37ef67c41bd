import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { StudentIdParamDto } from './student-id-param.dto';

/** `{student_id}/performance-records/{record_id}`. */
export class PerformanceRecordParamDto extends StudentIdParamDto {
  @ApiProperty({ format: 'uuid', example: '6f1c3a0e-3a57-4b7e-9a4e-1f2d3c4b5a69' })
  @IsUUID('all', { message: 'record_id must be a UUID' })
  record_id!: string;
}
