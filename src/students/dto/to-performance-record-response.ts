import type { PerformanceRecord } from '../entities/performance-record.entity';
import type { PerformanceRecordResponseDto } from './performance-record-response.dto';

export function toPerformanceRecordResponse(
  record: PerformanceRecord,
  studentId: string,
): PerformanceRecordResponseDto {
  return {
    id: record.id,
    student_id: studentId,
    recorded_at: record.recordedAt.toISOString(),
    term: record.term,
    exam_score: record.examScore,
    attendance: record.attendance,
    hours_studied: record.hoursStudied,
    previous_scores: record.previousScores,
    notes: record.notes,
    created_by: record.createdBy,
    created_at: record.createdAt.toISOString(),
  };
}
