import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import type { Precondition } from '../common/http/precondition';
import { Page, toPage } from '../common/pagination/page';
import { StudentsService } from '../students/students.service';
import { AlertsRepository } from './alerts.repository';
import { CreateInterventionDto } from './dto/create-intervention.dto';
import { ListInterventionsQueryDto } from './dto/list-interventions-query.dto';
import { UpdateInterventionDto } from './dto/update-intervention.dto';
import type { Intervention } from './entities/intervention.entity';
import {
  InterventionChanges,
  InterventionsRepository,
  InterventionWithStudent,
} from './interventions.repository';
import { InterventionAlertMismatchError, InterventionNotFoundError } from './notifications.errors';

/** What staff do for a student: created, listed and updated with audit rows. */
@Injectable()
export class InterventionsService {
  constructor(
    private readonly interventions: InterventionsRepository,
    private readonly alerts: AlertsRepository,
    private readonly students: StudentsService,
    private readonly audit: AuditService,
  ) {}

  /** Creates the intervention, with an audit row, in one transaction. */
  @Transactional()
  async create(
    caller: AuthenticatedUser,
    studentId: string,
    dto: CreateInterventionDto,
  ): Promise<InterventionWithStudent> {
    const profile = await this.students.findAccessible(caller, studentId);
    if (dto.alert_id && !(await this.alerts.isAbout(dto.alert_id, profile.id))) {
      throw new InterventionAlertMismatchError(dto.alert_id, profile.studentId);
    }
    const intervention = await this.interventions.insert({
      studentProfileId: profile.id,
      alertId: dto.alert_id ?? null,
      type: dto.type.trim(),
      description: dto.description,
      status: dto.status ?? 'planned',
      dueDate: dto.due_date ?? null,
      createdBy: caller.id,
    });
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'intervention.created',
      target_type: 'student',
      target_id: profile.studentId,
      details: {
        intervention_id: intervention.id,
        type: dto.type.trim(),
        alert_id: dto.alert_id ?? null,
      },
    });
    return { intervention, studentId: profile.studentId };
  }

  async list(
    caller: AuthenticatedUser,
    studentId: string,
    query: ListInterventionsQueryDto,
  ): Promise<{ studentId: string; page: Page<Intervention> }> {
    const profile = await this.students.findAccessible(caller, studentId);
    const [rows, total] = await this.interventions.pageOfStudent(
      profile.id,
      query.status,
      query.page,
      query.per_page,
    );
    return {
      studentId: profile.studentId,
      page: toPage(rows, total, query.page, query.per_page),
    };
  }

  async get(id: string): Promise<InterventionWithStudent> {
    const found = await this.interventions.find(id);
    if (!found) throw new InterventionNotFoundError(id);
    return found;
  }

  /**
   * Changes the fields given (at least one), with an audit row, in one transaction;
   * `precondition` (If-Match) is checked on the intervention as locked for the write.
   */
  async update(
    caller: AuthenticatedUser,
    id: string,
    dto: UpdateInterventionDto,
    precondition?: Precondition<InterventionWithStudent>,
  ): Promise<InterventionWithStudent> {
    const set: InterventionChanges = {};
    if (dto.status !== undefined) set.status = dto.status;
    if (dto.outcome !== undefined) set.outcome = dto.outcome;
    if (dto.description !== undefined) set.description = dto.description;
    if (dto.due_date !== undefined) set.dueDate = dto.due_date;
    const fields = Object.keys(dto).filter(
      (k) => (dto as Record<string, unknown>)[k] !== undefined,
    );
    if (fields.length === 0) {
      throw new ValidationFailedError([
        {
          field: 'body',
          message: 'give at least one of status, outcome, description, due_date',
        },
      ]);
    }
    return this.applyUpdate(caller, id, { set, fields, status: dto.status }, precondition);
  }

  @Transactional()
  private async applyUpdate(
    caller: AuthenticatedUser,
    id: string,
    change: { set: InterventionChanges; fields: string[]; status?: Intervention['status'] },
    precondition?: Precondition<InterventionWithStudent>,
  ): Promise<InterventionWithStudent> {
    const current = await this.interventions.findLocked(id);
    if (!current) throw new InterventionNotFoundError(id);
    precondition?.(current);
    await this.interventions.update(id, change.set);
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'intervention.updated',
      target_type: 'student',
      target_id: current.studentId,
      details: {
        intervention_id: id,
        fields: change.fields,
        ...(change.status !== undefined
          ? { from: current.intervention.status, to: change.status }
          : {}),
      },
    });
    const updated = await this.interventions.find(id);
    if (!updated) throw new InterventionNotFoundError(id);
    return updated;
  }
}
