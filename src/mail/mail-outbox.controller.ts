import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { mapPage, Page } from '../common/pagination/page';
import { ListOutboxMailsQueryDto } from './dto/list-outbox-mails-query.dto';
import { OutboxMailResponseDto } from './dto/outbox-mail-response.dto';
import { MailOutboxService } from './mail-outbox.service';
import { OutboxMailNotFoundError } from './mail.errors';
import { toOutboxMailResponse } from './outbox-mail.mapper';

const mailId = new ParseUUIDPipe({ exceptionFactory: () => new OutboxMailNotFoundError() });

@ApiTags('Mail outbox')
@Controller('admin/mail-outbox')
@Access('administrator')
export class MailOutboxController {
  constructor(private readonly outbox: MailOutboxService) {}

  @Get()
  @ApiOperation({
    summary: 'List outgoing mails',
    description:
      'The mail outbox, newest first: pending mails (with their next try and last error), mails being sent, sent ones (kept 30 days) and failed ones (given up after MAIL_MAX_ATTEMPTS tries). Bodies are never shown. Administrators only.',
  })
  @ApiPaginatedResponse(OutboxMailResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filter or paging.', type: ProblemResponseDto })
  async listOutboxMails(
    @Query() query: ListOutboxMailsQueryDto,
  ): Promise<Page<OutboxMailResponseDto>> {
    return mapPage(await this.outbox.list(query), toOutboxMailResponse);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retry a failed mail',
    description:
      'Queues a failed mail again with a fresh count of tries; it is sent at once when SMTP answers. Only failed mails whose body is still stored (24 hours after giving up) can be retried. Audited. Administrators only.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: OutboxMailResponseDto, description: 'Queued again (status pending).' })
  @ApiNotFoundResponse({ description: 'No such mail.', type: ProblemResponseDto })
  @ApiConflictResponse({
    description: 'The mail is not failed, or its body has been erased.',
    type: ProblemResponseDto,
  })
  async retryOutboxMail(
    @Param('id', mailId) id: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<OutboxMailResponseDto> {
    return toOutboxMailResponse(await this.outbox.retry(id, caller));
  }
}
