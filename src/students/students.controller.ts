import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import type { EntityTagCondition } from '../common/http/entity-tag-condition';
import { EntityTagged } from '../common/http/entity-tagged.decorator';
import { IfMatch } from '../common/http/if-match.decorator';
import { ifMatchPrecondition } from '../common/http/precondition';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { mapPage, Page } from '../common/pagination/page';
import { CreateStudentDto } from './dto/create-student.dto';
import { ListStudentsQueryDto } from './dto/list-students-query.dto';
import { StudentIdParamDto } from './dto/student-id-param.dto';
import { StudentResponseDto } from './dto/student-response.dto';
import { toStudentResponse } from './dto/to-student-response';
import { UpdateStudentDto } from './dto/update-student.dto';
import type { StudentProfile } from './entities/student-profile.entity';
import { StudentsService } from './students.service';

const NOT_FOUND = {
  description: 'No such student, or (for a student) not their own profile.',
  type: ProblemResponseDto,
};
const ACADEMIC_FORBIDDEN = {
  description:
    'A student sent academic fields (`academic_fields_forbidden`, naming them), or the role may not call this.',
  type: ProblemResponseDto,
};
const RATE_LIMITED = { description: 'Rate limited.', type: ProblemResponseDto };
const UPDATE_DESCRIPTION =
  'Partial update: only the fields given change (PUT and PATCH behave the same, as in the original system). ' +
  'Teachers and administrators may change any field; a student may change only first_name, last_name and email of their own profile. ' +
  'An academic field (any factor, age or exam_score) sent by a student is a 403 `academic_fields_forbidden` naming the fields, and nothing changes. ' +
  "Another student's profile is a 404. student_id cannot be changed. Roles: student (own, personal fields), teacher, administrator.";

/** If-Match on a profile: compared with the entity tag of its representation, as locked. */
const ifMatchStudent = (condition: EntityTagCondition | undefined) =>
  ifMatchPrecondition<StudentProfile>(condition, 'student', toStudentResponse);

@ApiTags('Students')
@Controller('students')
export class StudentsController {
  constructor(private readonly students: StudentsService) {}

  @Get()
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'List students',
    description:
      'Students matching the filters, a page at a time. `search` matches first name, last name, full name or student id (case-insensitive); every enum field filters by one or more values (comma-separated or repeated), the booleans by true/false, and every numeric field by `min_<field>`/`max_<field>` (inclusive). `sort` takes fields from an allow-list (prefix `-` for descending; unknown fields are a 400). Counting and paging happen in the database. Roles: teacher, administrator.',
  })
  @ApiPaginatedResponse(StudentResponseDto, 'One page of matching students.')
  @ApiBadRequestResponse({
    description: 'Bad paging (per_page above 100), unknown sort field, bad enum value or number.',
    type: ProblemResponseDto,
  })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async listStudents(@Query() query: ListStudentsQueryDto): Promise<Page<StudentResponseDto>> {
    return mapPage(await this.students.list(query), toStudentResponse);
  }

  @Get('me')
  @Access('student')
  @ApiOperation({
    summary: 'Get my student profile',
    description:
      "The profile linked to the calling student's account. 404 when no profile is linked yet. Roles: student.",
  })
  @ApiOkResponse({ type: StudentResponseDto })
  @EntityTagged('read')
  @ApiNotFoundResponse({
    description: 'No profile is linked to this account.',
    type: ProblemResponseDto,
  })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async getMyStudentProfile(@CurrentUser() caller: AuthenticatedUser): Promise<StudentResponseDto> {
    return toStudentResponse(await this.students.findOwn(caller));
  }

  @Get(':student_id')
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Get a student',
    description:
      "One student profile. Teachers and administrators: any student. Students: only their own (another student's id is a 404, as for an unknown id).",
  })
  @ApiOkResponse({ type: StudentResponseDto })
  @EntityTagged('read')
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async getStudent(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
  ): Promise<StudentResponseDto> {
    return toStudentResponse(await this.students.findAccessible(caller, params.student_id));
  }

  @Post()
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Create a student',
    description:
      "Creates a profile with the 19 factors. `student_id` is the school's own id (1 to 32 letters, digits, `-`, `_` or `.`, e.g. `2024-0012`), generated as `STU0001` when omitted; a given id already in use, whatever its case, is a 409 `student_id_taken`. Every field is validated by type, range and allowed values (400 naming each field). Returns 201 with a Location header. Roles: teacher, administrator.",
  })
  @ApiCreatedResponse({
    type: StudentResponseDto,
    description: 'Created; Location names the new profile.',
  })
  @ApiBadRequestResponse({
    description: 'A field is missing or invalid.',
    type: ProblemResponseDto,
  })
  @ApiConflictResponse({
    description: 'student_id already in use (`student_id_taken`).',
    type: ProblemResponseDto,
  })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async createStudent(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateStudentDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StudentResponseDto> {
    const profile = await this.students.create(caller, body);
    response.location(`/api/students/${encodeURIComponent(profile.studentId)}`);
    return toStudentResponse(profile);
  }

  @Patch(':student_id')
  @ApiForbiddenResponse(ACADEMIC_FORBIDDEN)
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({ summary: 'Update a student (partial)', description: UPDATE_DESCRIPTION })
  @ApiOkResponse({ type: StudentResponseDto })
  @ApiBadRequestResponse({
    description: 'A field is invalid or unknown.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  @EntityTagged('write')
  async updateStudent(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
    @Body() body: UpdateStudentDto,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<StudentResponseDto> {
    const precondition = ifMatchStudent(ifMatch);
    return toStudentResponse(
      await this.students.update(caller, params.student_id, body, precondition),
    );
  }

  @Put(':student_id')
  @ApiForbiddenResponse(ACADEMIC_FORBIDDEN)
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Update a student (partial, as PATCH)',
    description: UPDATE_DESCRIPTION,
  })
  @ApiBody({ type: UpdateStudentDto })
  @ApiOkResponse({ type: StudentResponseDto })
  @ApiBadRequestResponse({
    description: 'A field is invalid or unknown.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  @EntityTagged('write')
  async putStudent(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
    @Body() body: UpdateStudentDto,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<StudentResponseDto> {
    const precondition = ifMatchStudent(ifMatch);
    return toStudentResponse(
      await this.students.update(caller, params.student_id, body, precondition),
    );
  }

  @Delete(':student_id')
  @HttpCode(204)
  @Access('administrator')
  @ApiOperation({
    summary: 'Delete a student',
    description:
      'Deletes the profile with its history, predictions, recommendations, alerts and interventions. A linked account is kept (use the erase operation to anonymise it too). Roles: administrator.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  @EntityTagged('delete')
  async deleteStudent(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
    @IfMatch() ifMatch: EntityTagCondition | undefined,
  ): Promise<void> {
    await this.students.remove(caller, params.student_id, ifMatchStudent(ifMatch));
  }
}
