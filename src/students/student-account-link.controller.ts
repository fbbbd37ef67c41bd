import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { LinkStudentUserDto } from './dto/link-student-user.dto';
import { StudentIdParamDto } from './dto/student-id-param.dto';
import { StudentResponseDto } from './dto/student-response.dto';
import { toStudentResponse } from './dto/to-student-response';
import { StudentAccountLinkService } from './student-account-link.service';

const RATE_LIMITED = { description: 'Rate limited.', type: ProblemResponseDto };

@ApiTags('Students')
@Controller('students/:student_id/user')
export class StudentAccountLinkController {
  constructor(private readonly links: StudentAccountLinkService) {}

  @Put()
  @Access('administrator')
  @ApiOperation({
    summary: 'Link a student account to a profile',
    description:
      'Links the user (who must have the student role) to this profile, so they can read their own profile, history and predictions (a student account is also linked automatically to the profile with its email, unless an administrator unlinked that profile). Linking the same pair again changes nothing. Audited as `student.user_linked`. 409 `user_not_student`, `user_already_linked` (the account is linked to another profile) or `student_already_linked` (this profile has another account: unlink it first). Roles: administrator.',
  })
  @ApiOkResponse({ type: StudentResponseDto })
  @ApiBadRequestResponse({ description: 'user_id is not a UUID.', type: ProblemResponseDto })
  @ApiNotFoundResponse({
    description: 'No such student (`student_not_found`) or user (`user_not_found`).',
    type: ProblemResponseDto,
  })
  @ApiConflictResponse({
    description: 'Not a student account, or either side is already linked elsewhere.',
    type: ProblemResponseDto,
  })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async linkStudentUser(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
    @Body() body: LinkStudentUserDto,
  ): Promise<StudentResponseDto> {
    return toStudentResponse(await this.links.link(caller, params.student_id, body.user_id));
  }

  @Delete()
  @HttpCode(204)
  @Access('administrator')
  @ApiOperation({
    summary: 'Unlink the account of a profile',
    description:
      'Removes the link between the profile and its account (nothing happens when none is linked). The unlink stays: the profile is no longer linked automatically to the account with its email (at login, email verification or account creation); only an administrator links it again. Audited as `student.user_unlinked`. Roles: administrator.',
  })
  @ApiNoContentResponse({ description: 'Unlinked.' })
  @ApiNotFoundResponse({ description: 'No such student.', type: ProblemResponseDto })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async unlinkStudentUser(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
  ): Promise<void> {
    await this.links.unlink(caller, params.student_id);
  }
}
