import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
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
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { ApiPaginatedResponse } from '../common/pagination/api-paginated-response.decorator';
import { mapPage, Page } from '../common/pagination/page';
import { CreatePerformanceRecordQueryDto } from './dto/create-performance-record-query.dto';
import { CreatePerformanceRecordDto } from './dto/create-performance-record.dto';
import { CreatedPerformanceRecordResponseDto } from './dto/created-performance-record-response.dto';
import { ListPerformanceRecordsQueryDto } from './dto/list-performance-records-query.dto';
import { PerformanceRecordParamDto } from './dto/performance-record-param.dto';
import { PerformanceRecordResponseDto } from './dto/performance-record-response.dto';
import { StudentIdParamDto } from './dto/student-id-param.dto';
import { toPerformanceRecordResponse } from './dto/to-performance-record-response';
import { PerformanceRecordsService } from './performance-records.service';

const NOT_FOUND = {
  description: 'No such student (or record), or (for a student) not their own.',
  type: ProblemResponseDto,
};
const RATE_LIMITED = { description: 'Rate limited.', type: ProblemResponseDto };

@ApiTags('Students')
@Controller('students/:student_id/performance-records')
export class PerformanceRecordsController {
  constructor(private readonly records: PerformanceRecordsService) {}

  @Get()
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: "List a student's performance history",
    description:
      "The student's recorded results, newest first (`sort=recorded_at` for oldest first), a page at a time. Teachers and administrators: any student; students: their own only (another student's is a 404).",
  })
  @ApiPaginatedResponse(PerformanceRecordResponseDto, 'One page of the history.')
  @ApiBadRequestResponse({ description: 'Bad paging or sort.', type: ProblemResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async listPerformanceRecords(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
    @Query() query: ListPerformanceRecordsQueryDto,
  ): Promise<Page<PerformanceRecordResponseDto>> {
    const { profile, page } = await this.records.list(caller, params.student_id, query);
    return mapPage(page, (r) => toPerformanceRecordResponse(r, profile.studentId));
  }

  @Get(':record_id')
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({
    summary: 'Get one performance record',
    description:
      "One result of a student's history. Teachers and administrators: any student; students: their own only.",
  })
  @ApiOkResponse({ type: PerformanceRecordResponseDto })
  @ApiBadRequestResponse({ description: 'record_id is not a UUID.', type: ProblemResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async getPerformanceRecord(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: PerformanceRecordParamDto,
  ): Promise<PerformanceRecordResponseDto> {
    const { profile, record } = await this.records.get(caller, params.student_id, params.record_id);
    return toPerformanceRecordResponse(record, profile.studentId);
  }

  @Post()
  @Access('teacher', 'administrator')
  @ApiOperation({
    summary: 'Add a performance record',
    description:
      "Adds a result to the student's history (recorded_at defaults to now). Unless `update_profile=false`, the record's exam_score, attendance, hours_studied and previous_scores (those given) also become the profile's current values, in the same transaction, when the record is the student's latest. Returns 201 with a Location header. Roles: teacher, administrator.",
  })
  @ApiCreatedResponse({ type: CreatedPerformanceRecordResponseDto })
  @ApiBadRequestResponse({
    description: 'A field is missing or invalid.',
    type: ProblemResponseDto,
  })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  async createPerformanceRecord(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: StudentIdParamDto,
    @Query() query: CreatePerformanceRecordQueryDto,
    @Body() body: CreatePerformanceRecordDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CreatedPerformanceRecordResponseDto> {
    const { profile, record, profileUpdated } = await this.records.create(
      caller,
      params.student_id,
      body,
      query.update_profile,
    );
    response.location(
      `/api/students/${encodeURIComponent(profile.studentId)}/performance-records/${record.id}`,
    );
    return {
      ...toPerformanceRecordResponse(record, profile.studentId),
      profile_updated_fields: profileUpdated,
    };
  }
}
