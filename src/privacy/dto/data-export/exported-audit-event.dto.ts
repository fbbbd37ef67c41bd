import { ApiProperty } from '@nestjs/swagger';

/** A recorded action on the student's profile (what and when; never the values). */
export class ExportedAuditEventDto {
  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', type: String, format: 'date-time' })
  occurred_at!: string;
  @ApiProperty({ type: String, example: 'student.updated' }) action!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'teacher',
    description: 'Role of whoever acted.',
  })
  actor_role!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { fields: ['attendance'] },
  })
  details!: Record<string, unknown>;
}
