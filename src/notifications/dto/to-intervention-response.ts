import type { Intervention } from '../entities/intervention.entity';
import type { InterventionResponseDto } from './intervention-response.dto';

export function toInterventionResponse(
  intervention: Intervention,
  studentId: string,
): InterventionResponseDto {
  return {
    id: intervention.id,
    student_id: studentId,
    alert_id: intervention.alertId,
    type: intervention.type,
    description: intervention.description,
    status: intervention.status,
    due_date: intervention.dueDate,
    outcome: intervention.outcome,
    created_by: intervention.createdBy,
    created_at: intervention.createdAt.toISOString(),
    updated_at: intervention.updatedAt.toISOString(),
  };
}
