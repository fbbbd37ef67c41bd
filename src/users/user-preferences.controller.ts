import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import type { EntityTagCondition } from '../common/http/entity-tag-condition';
import { EntityTagged } from '../common/http/entity-tagged.decorator';
import { IfMatch } from '../common/http/if-match.decorator';
import { ifMatchPrecondition } from '../common/http/precondition';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { UpdateUserPreferencesDto } from './dto/update-user-preferences.dto';
import { UserPreferencesDto } from './dto/user-preferences.dto';
import { toUserPreferences } from './dto/to-user-preferences';
import { UserPreferencesService } from './user-preferences.service';
import { UsersService } from './users.service';

@ApiTags('Users')
@Controller('users/me/preferences')
@Access('student', 'teacher', 'administrator')
export class UserPreferencesController {
  constructor(
    private readonly users: UsersService,
    private readonly preferences: UserPreferencesService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Get my preferences',
    description: 'The caller’s own settings, such as which alerts are emailed. All roles.',
  })
  @ApiOkResponse({ type: UserPreferencesDto })
  @EntityTagged('read')
  async getMyPreferences(@CurrentUser() caller: AuthenticatedUser): Promise<UserPreferencesDto> {
    return toUserPreferences((await this.users.getById(caller.id)).user);
  }

  @Patch()
  @ApiOperation({
    summary: 'Change my preferences',
    description:
      'Changes the caller’s own settings; settings left out stay as they are. Audited. All roles.',
  })
  @ApiOkResponse({ type: UserPreferencesDto })
  @ApiBadRequestResponse({ description: 'Invalid value.', type: ProblemResponseDto })
  @EntityTagged('write')
  async updateMyPreferences(
    @Body() body: UpdateUserPreferencesDto,
    @CurrentUser() caller: AuthenticatedUser,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<UserPreferencesDto> {
    const precondition = ifMatchPrecondition(ifMatch, 'preferences', toUserPreferences);
    return toUserPreferences(await this.preferences.update(caller, body, precondition));
  }
}
