import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import {
  ApiNoContentResponse,
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
import { SessionNotFoundError } from './auth.errors';
import { OwnSessionsService } from './own-sessions.service';
import { SessionResponseDto } from './dto/session-response.dto';
import { toSessionResponse } from './session.mapper';

@ApiTags('Auth')
@Controller('auth/sessions')
@Access('student', 'teacher', 'administrator')
export class SessionsController {
  constructor(private readonly ownSessions: OwnSessionsService) {}

  @Get()
  @ApiOperation({
    summary: 'List my sessions',
    description: 'The caller’s live sessions (logins), most recently used first. All roles.',
  })
  @ApiOkResponse({ type: [SessionResponseDto] })
  async listSessions(@CurrentUser() caller: AuthenticatedUser): Promise<SessionResponseDto[]> {
    const sessions = await this.ownSessions.list(caller);
    return sessions.map((session) => toSessionResponse(session, caller.sessionId));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End one of my sessions',
    description:
      'Ends the session at once (its access and refresh tokens stop working). Another user’s session is a 404. All roles.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'The session has ended.' })
  @ApiNotFoundResponse({ description: 'No such live session of yours.', type: ProblemResponseDto })
  async revokeSession(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new SessionNotFoundError() }))
    id: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<void> {
    await this.ownSessions.revoke(caller, id);
  }
}
