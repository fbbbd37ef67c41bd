import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;
}

/** RFC 9457 problem details: the body of every error response. */
export class ProblemResponseDto {
  @ApiProperty({ example: 'urn:problem:validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Validation Failed' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'The request is not valid; see errors for each field.' })
  detail!: string;

  @ApiProperty({ example: '/api/students' })
  instance!: string;

  @ApiProperty({ description: 'Stable machine-readable error code.', example: 'validation_failed' })
  code!: string;

  @ApiProperty({
    description: 'Id of the request, also in the x-request-id header and the logs.',
    example: '9f1c2d4e-8a7b-4c3d-9e2f-1a2b3c4d5e6f',
  })
  request_id!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
