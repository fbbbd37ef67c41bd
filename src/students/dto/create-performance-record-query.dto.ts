import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** `POST .../performance-records?update_profile=false` keeps the profile as it is. */
export class CreatePerformanceRecordQueryDto {
  @ApiPropertyOptional({
    description:
      "Copy the record's exam_score, attendance, hours_studied and previous_scores (those given) onto the profile, when the record is the student's latest. Default true.",
    type: Boolean,
    default: true,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'update_profile must be true or false' })
  update_profile: boolean = true;
}
