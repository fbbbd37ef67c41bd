import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
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
import { StudentDataExportDto } from './dto/student-data-export.dto';
import { StudentErasureResponseDto } from './dto/student-erasure-response.dto';
import { StudentIdParamDto } from '../students/dto/student-id-param.dto';
import { StudentPrivacyService } from './student-privacy.service';

const RATE_LIMITED = { description: 'Rate limited.', type: ProblemResponseDto };

@ApiTags('Students')
@Controller('students/:student_id')
export class StudentPrivacyController {
  constructor(private readonly privacy: StudentPrivacyService) {}

  @Get('data-export')
  @Access('student', 'administrator')
  @ApiOperation({
    summary: 'Export everything held about a student',
    description:
      'Right of access: the profile, performance history, predictions, recommendations, alerts, interventions, the linked account (without any secret), its notifications and the recorded actions on the profile, as one JSON document. The export itself is audited. Roles: administrator, or the student themself (another student is a 404).',
  })
  @ApiOkResponse({ type: StudentDataExportDto })
  @ApiNotFoundResponse({
    description: 'No such student, or (for a student) not their own.',
    type: ProblemResponseDto,
  })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async exportStudentData(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
  ): Promise<StudentDataExportDto> {
    return this.privacy.exportData(caller, params.student_id);
  }

  @Post('erase')
  @HttpCode(200)
  @Access('administrator')
  @ApiOperation({
    summary: 'Erase a student',
    description:
      'Right to erasure, in one transaction: deletes the profile with its history, predictions, recommendations, alerts and interventions; a linked account is deactivated, anonymised (name and email replaced, password unusable), signed out everywhere, and loses its notifications and pending emailed tokens. An audit row records the erasure with the student id only. Roles: administrator.',
  })
  @ApiOkResponse({ type: StudentErasureResponseDto })
  @ApiNotFoundResponse({ description: 'No such student.', type: ProblemResponseDto })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async eraseStudent(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
  ): Promise<StudentErasureResponseDto> {
    return this.privacy.erase(caller, params.student_id);
  }
}
