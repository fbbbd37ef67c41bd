import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { Precondition } from '../common/http/precondition';
import { Page, toPage } from '../common/pagination/page';
import { parseSort } from '../common/pagination/parse-sort';
import { canTransition, transitionTimestamps } from './alert-transitions';
import { AlertsRepository } from './alerts.repository';
import { ALERT_SORT_FIELDS, ListAlertsQueryDto } from './dto/list-alerts-query.dto';
import { AlertRow } from './dto/to-alert-response';
import { UpdateAlertDto } from './dto/update-alert.dto';
import { AlertNotFoundError, AlertTransitionError } from './notifications.errors';

/**
 * Alerts: the list and reads (staff: all; a student: only alerts about the profile linked to
 * their account, in the query), status changes with timestamps and audit, and rule evaluation.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(caller: AuthenticatedUser, query: ListAlertsQueryDto): Promise<Page<AlertRow>> {
    const order = parseSort(query.sort, ALERT_SORT_FIELDS, [
      { field: 'created_at', direction: 'DESC' },
    ]);
    const { rows, total } = await this.alerts.page(
      {
        userId: scopedUserId(caller),
        status: query.status,
        severity: query.severity,
        studentId: query.student_id,
      },
      order,
      query.page,
      query.per_page,
    );
    return toPage(rows, total, query.page, query.per_page);
  }

  /** One alert as `caller` may see it, else AlertNotFoundError. */
  async get(caller: AuthenticatedUser, id: string): Promise<AlertRow> {
    const row = await this.alerts.find(id, scopedUserId(caller));
    if (!row) throw new AlertNotFoundError(id);
    return row;
  }

  /**
   * Moves an alert to `dto.status` (a resolved alert may not change status: 409), stamping
   * acknowledged_at/resolved_at, and records who did it, with an audit row, in one transaction.
   * `precondition` (If-Match) is checked on the alert as locked for the write.
   */
  @Transactional()
  async update(
    caller: AuthenticatedUser,
    id: string,
    dto: UpdateAlertDto,
    precondition?: Precondition<AlertRow>,
  ): Promise<AlertRow> {
    const current = await this.alerts.lockState(id);
    if (!current) throw new AlertNotFoundError(id);
    if (precondition) precondition(await this.get(caller, id));
    if (!canTransition(current.status, dto.status)) {
      throw new AlertTransitionError(current.status, dto.status);
    }
    const stamps = transitionTimestamps(
      {
        status: current.status,
        acknowledgedAt: current.acknowledged_at,
        resolvedAt: current.resolved_at,
      },
      dto.status,
      new Date(),
    );
    const note = dto.note === undefined ? current.note : dto.note;
    await this.alerts.writeChange(id, {
      status: dto.status,
      note,
      acknowledgedAt: stamps.acknowledgedAt,
      resolvedAt: stamps.resolvedAt,
      updatedBy: caller.id,
    });
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'alert.updated',
      target_type: 'alert',
      target_id: id,
      details: { from: current.status, to: dto.status, note_changed: note !== current.note },
    });
    return this.get(caller, id);
  }

  /**
   * Evaluates the enabled alert rules for one student and opens the alerts they call for (at
   * most one unresolved alert per rule), notifying the student's account; returns how many
   * opened. With `predictionId` the rules read that stored prediction and the factors it was
   * made from; without, the student's latest stored prediction and their current factors.
   * Runs in the current transaction, so the alerts open with the change that caused them.
   */
  evaluate(studentProfileId: string, predictionId?: string): Promise<number> {
    return this.alerts.evaluateStudent(studentProfileId, predictionId ?? null);
  }
}

/** A student sees only alerts about the profile linked to their account; staff see all. */
function scopedUserId(caller: AuthenticatedUser): string | undefined {
  switch (caller.role) {
    case 'student':
      return caller.id;
    case 'teacher':
    case 'administrator':
      return undefined;
  }
}
