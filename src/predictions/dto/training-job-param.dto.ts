import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `{id}` of a training job in a path. */
export class TrainingJobParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
