import { ApiProperty } from '@nestjs/swagger';
import { PerformanceRecordResponseDto } from './performance-record-response.dto';

/** The new record, and which profile fields it updated. */
export class CreatedPerformanceRecordResponseDto extends PerformanceRecordResponseDto {
  @ApiProperty({
    description:
      'Profile fields set from this record (empty when update_profile=false, when the record is older than the latest one, or when nothing changed).',
    example: ['exam_score', 'attendance'],
    type: [String],
  })
  profile_updated_fields!: string[];
}
