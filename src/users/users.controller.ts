import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import type { EntityTagCondition } from '../common/http/entity-tag-condition';
import { EntityTagged } from '../common/http/entity-tagged.decorator';
import { IfMatch } from '../common/http/if-match.decorator';
import { ifMatchPrecondition } from '../common/http/precondition';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { mapPage, Page } from '../common/pagination/page';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { toUserResponse } from './dto/to-user-response';
import { UserNotFoundError } from './users.errors';
import { AccountAdministrationService } from './account-administration.service';
import { AccountCreationService } from './account-creation.service';
import type { UserWithStudent } from './user-with-student';
import { UsersService } from './users.service';

/** If-Match on an account: compared with the entity tag of its representation, as locked. */
const ifMatchUser = (condition: EntityTagCondition | undefined) =>
  ifMatchPrecondition<UserWithStudent>(condition, 'user', (u) =>
    toUserResponse(u.user, u.studentId),
  );

const userId = new ParseUUIDPipe({ exceptionFactory: () => new UserNotFoundError() });

@ApiTags('Users')
@Controller('users')
@Access('administrator')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly administration: AccountAdministrationService,
    private readonly creation: AccountCreationService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List users',
    description:
      'All accounts, filtered by role, active state and a search over email and names; paginated and sortable. Administrators only.',
  })
  @ApiPaginatedResponse(UserResponseDto)
  @ApiBadRequestResponse({
    description: 'Invalid filter, sort or paging.',
    type: ProblemResponseDto,
  })
  async listUsers(@Query() query: ListUsersQueryDto): Promise<Page<UserResponseDto>> {
    return mapPage(await this.administration.list(query), (u) =>
      toUserResponse(u.user, u.studentId),
    );
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user',
    description:
      'Creates an account of any role, verified or not (unverified accounts receive a verification email). Teacher and administrator accounts get their profile row. Administrators only.',
  })
  @ApiCreatedResponse({ type: UserResponseDto, description: 'Created; Location names the user.' })
  @ApiBadRequestResponse({
    description: 'Invalid input or unacceptable password.',
    type: ProblemResponseDto,
  })
  @ApiConflictResponse({ description: 'The email is taken.', type: ProblemResponseDto })
  async createUser(
    @Body() body: CreateUserDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserResponseDto> {
    const { user, studentId } = await this.creation.create(
      {
        email: body.email,
        password: body.password,
        firstName: body.first_name,
        lastName: body.last_name,
        role: body.role ?? 'student',
        emailVerified: body.email_verified ?? false,
      },
      { actor: caller },
    );
    response.location(`/api/users/${user.id}`);
    return toUserResponse(user, studentId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user', description: 'One account. Administrators only.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @EntityTagged('read')
  @ApiNotFoundResponse({ description: 'No such user.', type: ProblemResponseDto })
  async getUser(@Param('id', userId) id: string): Promise<UserResponseDto> {
    const { user, studentId } = await this.users.getById(id);
    return toUserResponse(user, studentId);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Update a user',
    description:
      'Changes names, role or active state (nothing else). A role change or deactivation ends all of the user’s sessions at once; the last active administrator cannot be demoted or deactivated. Administrators only.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid or unknown fields.', type: ProblemResponseDto })
  @ApiNotFoundResponse({ description: 'No such user.', type: ProblemResponseDto })
  @ApiConflictResponse({ description: 'The last administrator.', type: ProblemResponseDto })
  @EntityTagged('write')
  async updateUser(
    @Param('id', userId) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() caller: AuthenticatedUser,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<UserResponseDto> {
    const precondition = ifMatchUser(ifMatch);
    const { user, studentId } = await this.administration.update(id, body, caller, precondition);
    return toUserResponse(user, studentId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Deactivate a user',
    description:
      'Deactivates the account (it is kept, for the audit trail) and ends its sessions at once. Idempotent. Administrators only.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deactivated.' })
  @ApiNotFoundResponse({ description: 'No such user.', type: ProblemResponseDto })
  @ApiConflictResponse({ description: 'The last administrator.', type: ProblemResponseDto })
  @EntityTagged('delete')
  async deactivateUser(
    @Param('id', userId) id: string,
    @CurrentUser() caller: AuthenticatedUser,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<void> {
    await this.administration.deactivate(id, caller, ifMatchUser(ifMatch));
  }
}
