import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../../common/http/api-enum';
import { ProblemResponseDto } from '../../common/http/problem-response.dto';

const CHECK_STATUS = apiEnum('HealthCheckStatus', ['up', 'down'], 'State of one readiness check.');

/** 503 of readiness: the problem, with the state of every check. */
export class ReadinessProblemDto extends ProblemResponseDto {
  @ApiProperty({
    description:
      'Every check by name (`database`, `model`): `status` up or down, and for a check that is down its `message` (why).',
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['status'],
      properties: {
        status: { $ref: `#/components/schemas/${CHECK_STATUS.enumName}` },
        message: { type: 'string', description: 'Why the check is down.' },
        code: {
          type: 'string',
          description: "The database driver's error code, when it gave one.",
        },
        version: { type: 'string', description: 'The model check: the version loaded.' },
      },
    },
    example: {
      database: {
        status: 'down',
        message: 'connect ECONNREFUSED 127.0.0.1:5432',
        code: 'ECONNREFUSED',
      },
      model: { status: 'up', version: 'at-20261202-d7ba2655' },
    },
  })
  checks!: Record<
    string,
    { status: 'up' | 'down'; message?: string; code?: string; version?: string }
  >;
}
