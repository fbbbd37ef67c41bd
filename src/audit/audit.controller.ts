import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/decorators/access.decorator';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { mapPage, Page } from '../common/pagination/page';
import { toAuditLogResponse } from './audit-log.mapper';
import { AuditService } from './audit.service';
import { AuditLogResponseDto } from './dto/audit-log-response.dto';
import { ListAuditLogsQueryDto } from './dto/list-audit-logs-query.dto';

@ApiTags('Audit')
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Access('administrator')
  @ApiOperation({
    summary: 'List audit events',
    description:
      'The append-only audit log, newest first: logins (successful and failed), token reuse, password resets, role changes, account administration and data changes. Filter by actor, action (exact or `prefix.*`), target and time range. Administrators only.',
  })
  @ApiPaginatedResponse(AuditLogResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filter or paging.', type: ProblemResponseDto })
  async listAuditLogs(@Query() query: ListAuditLogsQueryDto): Promise<Page<AuditLogResponseDto>> {
    return mapPage(await this.audit.list(query), toAuditLogResponse);
  }
}
