import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

/** Options of a training run. */
export class TrainModelDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'Activate the new model even when its held-out error is worse than the active model’s on the same rows.',
  })
  @IsOptional()
  @IsBoolean({ message: 'force must be true or false' })
  force?: boolean;

  @ApiPropertyOptional({
    default: true,
    description:
      'Activate the new model when it is not worse than the active one (or when forced).',
  })
  @IsOptional()
  @IsBoolean({ message: 'activate must be true or false' })
  activate?: boolean;
}
