import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** `{version}` in a path. */
export class ModelVersionParamDto {
  @ApiProperty({ example: 'rf-20261125-75675e25' })
  @IsString()
  @MaxLength(100)
  version!: string;
}
