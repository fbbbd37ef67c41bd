import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../../common/http/api-enum';

/** One row of the audit log. */
export class AuditLogResponseDto {
  @ApiProperty({ example: '1042', description: 'Sequential id (a 64-bit integer as a string).' })
  id!: string;

  @ApiProperty({ example: '2025-03-14T09:26:53.000Z' })
  occurred_at!: string;

  @ApiProperty({
    example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11',
    nullable: true,
    type: String,
    description: 'Acting user; null for anonymous callers or erased users.',
  })
  actor_id!: string | null;

  @ApiProperty({ example: 'administrator', nullable: true, type: String })
  actor_role!: string | null;

  @ApiProperty({ example: 'user.role_changed' })
  action!: string;

  @ApiProperty({ example: 'user', nullable: true, type: String })
  target_type!: string | null;

  @ApiProperty({ example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20', nullable: true, type: String })
  target_id!: string | null;

  @ApiProperty({
    ...apiEnum('AuditOutcome', ['success', 'failure'], 'Whether the audited action succeeded.'),
    example: 'success',
  })
  outcome!: 'success' | 'failure';

  @ApiProperty({ example: '203.0.113.7', nullable: true, type: String })
  ip_address!: string | null;

  @ApiProperty({ example: 'Mozilla/5.0', nullable: true, type: String })
  user_agent!: string | null;

  @ApiProperty({ example: '9f1c2d4e-8a7b-4c3d-9e2f-1a2b3c4d5e6f', nullable: true, type: String })
  request_id!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { from: 'student', to: 'teacher' },
  })
  details!: Record<string, unknown>;
}
