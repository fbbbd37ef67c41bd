import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { mapPage, Page } from '../common/pagination/page';
import { IdParamDto } from './dto/id-param.dto';
import { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import { MarkAllReadResponseDto } from './dto/mark-all-read-response.dto';
import { NotificationResponseDto } from './dto/notification-response.dto';
import { toNotificationResponse } from './dto/to-notification-response';
import { NotificationsService } from './notifications.service';

const ROLES = 'Roles: student, teacher, administrator (each their own notifications only).';

@ApiTags('Notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'List my notifications',
    description: `The caller's own notifications, newest first, a page at a time; \`unread=true\` lists only unread ones (\`false\` only read ones). ${ROLES}`,
  })
  @ApiPaginatedResponse(NotificationResponseDto, 'One page of notifications.')
  @ApiBadRequestResponse({
    description: 'Bad paging (per_page above 100) or unread not true/false.',
    type: ProblemResponseDto,
  })
  async listNotifications(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<Page<NotificationResponseDto>> {
    return mapPage(await this.notifications.list(caller, query), toNotificationResponse);
  }

  @Post('read-all')
  @HttpCode(200)
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Mark all my notifications read',
    description: `Marks every unread notification of the caller read and returns how many changed. ${ROLES}`,
  })
  @ApiOkResponse({ type: MarkAllReadResponseDto })
  async markAllNotificationsRead(
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MarkAllReadResponseDto> {
    return { updated: await this.notifications.markAllRead(caller) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Mark a notification read',
    description: `Marks one of the caller's notifications read and returns it; marking it again keeps the first read_at. Another user's notification is a 404, like an unknown id. ${ROLES}`,
  })
  @ApiOkResponse({ type: NotificationResponseDto })
  @ApiBadRequestResponse({ description: 'id is not a UUID.', type: ProblemResponseDto })
  @ApiNotFoundResponse({
    description: 'No such notification, or not the caller’s (`notification_not_found`).',
    type: ProblemResponseDto,
  })
  async markNotificationRead(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: IdParamDto,
  ): Promise<NotificationResponseDto> {
    return toNotificationResponse(await this.notifications.markRead(caller, params.id));
  }
}
