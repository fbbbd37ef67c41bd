import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `{id}` in a path: the UUID of a notification, alert or intervention. */
export class IdParamDto {
  @ApiProperty({ type: String, format: 'uuid', example: '3b8f2f0e-6a55-4d0b-9a7c-0d9a1f2e3c4b' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
