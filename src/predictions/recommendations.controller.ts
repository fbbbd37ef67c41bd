import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { StudentIdParamDto } from '../students/dto/student-id-param.dto';
import { StudentRecommendationsResponseDto } from './dto/student-recommendations-response.dto';
import { RecommendationsService } from './recommendations.service';

@ApiTags('Students')
@Controller('students')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get(':student_id/recommendations')
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Recommendations for a student',
    description:
      'Improvement suggestions from the active model: every realistic change to an actionable factor (study time, attendance, sleep, tutoring, ' +
      'physical activity, extracurriculars, motivation, resources, internet access, parental involvement) is scored, and the best change per ' +
      'factor with a positive expected gain is returned, largest first (at most 5). Demographic and background factors are never suggested. ' +
      'Gains are model estimates, not causal effects. The suggestions are stored as the active set; earlier active ones become `superseded`. ' +
      "Teachers and administrators: any student; students: only their own (another student's id is a 404). Roles: student (own), teacher, administrator.",
  })
  @ApiOkResponse({ type: StudentRecommendationsResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed student id.', type: ProblemResponseDto })
  @ApiNotFoundResponse({
    description: 'No such student, or (for a student) not their own.',
    type: ProblemResponseDto,
  })
  @ApiUnprocessableEntityResponse({
    description: 'Stored factors the model cannot use (`invalid_factors`).',
    type: ProblemResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description: 'No prediction model is loaded yet (`model_unavailable`).',
    type: ProblemResponseDto,
  })
  async getStudentRecommendations(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
  ): Promise<StudentRecommendationsResponseDto> {
    return this.recommendations.recommend(caller, params.student_id);
  }
}
