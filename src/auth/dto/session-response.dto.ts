import { ApiProperty } from '@nestjs/swagger';

/** One of the caller's live sessions (a login on some device). */
export class SessionResponseDto {
  @ApiProperty({ example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20', format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '203.0.113.7', nullable: true, type: String })
  ip_address!: string | null;

  @ApiProperty({ example: 'Mozilla/5.0 (X11; Linux x86_64)', nullable: true, type: String })
  user_agent!: string | null;

  @ApiProperty({ example: '2025-03-14T09:26:53.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2025-03-14T10:02:11.000Z' })
  last_used_at!: string;

  @ApiProperty({
    example: true,
    description: 'This is the session of the token making the request.',
  })
  current!: boolean;
}
