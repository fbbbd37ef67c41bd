import { ApiProperty } from '@nestjs/swagger';

class ErasedCountsDto {
  @ApiProperty({ example: 2 }) performance_records!: number;
  @ApiProperty({ example: 3 }) predictions!: number;
  @ApiProperty({ example: 4 }) recommendations!: number;
  @ApiProperty({ example: 1 }) alerts!: number;
  @ApiProperty({ example: 0 }) interventions!: number;
  @ApiProperty({ example: 5 }) notifications!: number;
}

/** What an erasure removed. */
export class StudentErasureResponseDto {
  @ApiProperty({ example: 'STU0042' })
  student_id!: string;

  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', format: 'date-time' })
  erased_at!: string;

  @ApiProperty({
    description: 'A linked account was deactivated, anonymised and signed out everywhere.',
    example: true,
  })
  user_anonymised!: boolean;

  @ApiProperty({ type: ErasedCountsDto })
  removed!: ErasedCountsDto;
}
