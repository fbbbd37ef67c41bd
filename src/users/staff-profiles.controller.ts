import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import type { Page } from '../common/pagination/page';
import { ListStaffQueryDto } from './dto/list-staff-query.dto';
import { StaffProfileResponseDto } from './dto/staff-profile-response.dto';
import { UpdateStaffProfileDto } from './dto/update-staff-profile.dto';
import { StaffProfilesService } from './staff-profiles.service';
import { UserNotFoundError } from './users.errors';

const userId = new ParseUUIDPipe({ exceptionFactory: () => new UserNotFoundError() });
const USER_ID_PARAM = {
  name: 'user_id',
  format: 'uuid',
  description: 'Id of the staff member’s user account.',
};

@ApiTags('Users')
@Controller()
export class StaffProfilesController {
  constructor(private readonly staff: StaffProfilesService) {}

  @Get('teachers')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'List teachers',
    description:
      'Active teachers with their department and specialisation; paginated, searchable. Teachers and administrators.',
  })
  @ApiPaginatedResponse(StaffProfileResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid paging or search.', type: ProblemResponseDto })
  listTeachers(@Query() query: ListStaffQueryDto): Promise<Page<StaffProfileResponseDto>> {
    return this.staff.list('teacher', query);
  }

  @Get('teachers/me')
  @Access('teacher')
  @ApiOperation({
    summary: 'My teacher profile',
    description: 'The calling teacher’s own profile. Teachers only.',
  })
  @ApiOkResponse({ type: StaffProfileResponseDto })
  getMyTeacherProfile(@CurrentUser() caller: AuthenticatedUser): Promise<StaffProfileResponseDto> {
    return this.staff.get(caller, 'teacher', caller.id);
  }

  @Patch('teachers/:user_id')
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Update a teacher profile',
    description:
      'Department, specialisation and staff number (`null` clears one). Administrators for any teacher; a teacher for their own profile only (another one is a 404).',
  })
  @ApiParam(USER_ID_PARAM)
  @ApiOkResponse({ type: StaffProfileResponseDto })
  @ApiBadRequestResponse({
    description: 'A field is invalid or does not apply to teachers.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse({ description: 'No such teacher (or not yours).', type: ProblemResponseDto })
  updateTeacherProfile(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('user_id', userId) id: string,
    @Body() body: UpdateStaffProfileDto,
  ): Promise<StaffProfileResponseDto> {
    return this.staff.update(caller, 'teacher', id, body);
  }

  @Get('administrators')
  @Access('administrator')
  @ApiOperation({
    summary: 'List administrators',
    description:
      'Active administrators with their department and position; paginated, searchable. Administrators only.',
  })
  @ApiPaginatedResponse(StaffProfileResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid paging or search.', type: ProblemResponseDto })
  listAdministrators(@Query() query: ListStaffQueryDto): Promise<Page<StaffProfileResponseDto>> {
    return this.staff.list('administrator', query);
  }

  @Patch('administrators/:user_id')
  @Access('administrator')
  @ApiOperation({
    summary: 'Update an administrator profile',
    description: 'Department and position (`null` clears one). Administrators only.',
  })
  @ApiParam(USER_ID_PARAM)
  @ApiOkResponse({ type: StaffProfileResponseDto })
  @ApiBadRequestResponse({
    description: 'A field is invalid or does not apply to administrators.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse({ description: 'No such administrator.', type: ProblemResponseDto })
  updateAdministratorProfile(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('user_id', userId) id: string,
    @Body() body: UpdateStaffProfileDto,
  ): Promise<StaffProfileResponseDto> {
    return this.staff.update(caller, 'administrator', id, body);
  }
}
