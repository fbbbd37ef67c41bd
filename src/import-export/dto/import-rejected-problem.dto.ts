import {
  ApiProperty,
  ApiPropertyOptional,
  IntersectionType,
  OmitType,
  PartialType,
} from '@nestjs/swagger';
import { ProblemResponseDto } from '../../common/http/problem-response.dto';
import { ImportProblemDto } from './import-problem.dto';
import { ImportReportDto } from './import-report.dto';

class LocatedImportProblemDto extends ImportProblemDto {
  @ApiProperty({
    description: "Where the problem is, for clients that show any problem's errors generically.",
    example: 'row 5, Attendance',
  })
  field!: string;
}

/**
 * A refused import: the problem members plus the stored report (`import_id`, counts, and
 * `errors` located by row and column; the report's own `status` is `rejected`, so the member
 * holds the HTTP status as in every problem). `idempotency_key_reused` carries only `import_id`.
 */
export class ImportRejectedProblemDto extends IntersectionType(
  OmitType(ProblemResponseDto, ['errors'] as const),
  PartialType(OmitType(ImportReportDto, ['errors', 'status'] as const)),
) {
  @ApiPropertyOptional({ type: [LocatedImportProblemDto] })
  errors?: LocatedImportProblemDto[];
}
