import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { MainTransactionHost } from '../database/transactions';
import type { Precondition } from '../common/http/precondition';
import { Page, toPage } from '../common/pagination/page';
import { parseSort } from '../common/pagination/parse-sort';
import { canTransition, transitionTimestamps } from './alert-transitions';
import type { AlertStatusValue } from './alert-values';
import { ALERT_SORT_FIELDS, ListAlertsQueryDto } from './dto/list-alerts-query.dto';
import { AlertRow } from './dto/to-alert-response';
import { UpdateAlertDto } from './dto/update-alert.dto';
import { AlertNotFoundError, AlertTransitionError } from './notifications.errors';
import { RULE_SUBJECT_COLUMNS, ruleAlertsCtes } from './rule-alerts-sql';

const ALERT_COLUMNS = `
  a.id, s.student_id, a.type, a.severity, a.status, a.message, a.note, a.rule_id,
  r.name AS rule_name, a.prediction_id, a.acknowledged_at, a.resolved_at, a.updated_by,
  a.created_at, a.updated_at`;
const ALERT_FROM = `
  FROM alerts a
  JOIN student_profiles s ON s.id = a.student_profile_id
  LEFT JOIN alert_rules r ON r.id = a.rule_id`;

/** SQL for each sort field of the list (severity and status in their natural order). */
const SORT_SQL: Record<(typeof ALERT_SORT_FIELDS)[number], string> = {
  created_at: 'a.created_at',
  updated_at: 'a.updated_at',
  severity: "CASE a.severity WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
  status: "CASE a.status WHEN 'open' THEN 1 WHEN 'acknowledged' THEN 2 ELSE 3 END",
};

/**
 * Alerts: the list and reads (staff: all; a student: only alerts about the profile linked to
 * their account, in the query), status changes with timestamps and audit, and rule evaluation.
 */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
    private readonly audit: AuditService,
  ) {}

  async list(caller: AuthenticatedUser, query: ListAlertsQueryDto): Promise<Page<AlertRow>> {
    const order = parseSort(query.sort, ALERT_SORT_FIELDS, [
      { field: 'created_at', direction: 'DESC' },
    ]);
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    this.scope(caller, where, param);
    if (query.status) where.push(`a.status = ${param(query.status)}`);
    if (query.severity) where.push(`a.severity = ${param(query.severity)}`);
    if (query.student_id) where.push(`s.student_id = ${param(query.student_id)}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const orderSql = order
      .map((o) => `${SORT_SQL[o.field as keyof typeof SORT_SQL]} ${o.direction}`)
      .concat('a.id DESC')
      .join(', ');
    const [countRow] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${ALERT_FROM} ${whereSql}`,
      params,
    );
    const rows = await this.dataSource.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} ${ALERT_FROM} ${whereSql} ORDER BY ${orderSql}
       LIMIT ${param(query.per_page)} OFFSET ${param((query.page - 1) * query.per_page)}`,
      params,
    );
    return toPage(rows, countRow.total, query.page, query.per_page);
  }

  /** One alert as `caller` may see it, else AlertNotFoundError. */
  async get(caller: AuthenticatedUser, id: string): Promise<AlertRow> {
    const manager = this.txHost.tx;
    const where = ['a.id = $1'];
    const params: unknown[] = [id];
    this.scope(caller, where, (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    const [row] = await manager.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} ${ALERT_FROM} WHERE ${where.join(' AND ')}`,
      params,
    );
    if (!row) throw new AlertNotFoundError(id);
    return row;
  }

  /**
   * Moves an alert to `dto.status` (a resolved alert may not change status: 409), stamping
   * acknowledged_at/resolved_at, and records who did it, with an audit row, in one transaction.
   * `precondition` (If-Match) is checked on the alert as locked for the write.
   */
  async update(
    caller: AuthenticatedUser,
    id: string,
    dto: UpdateAlertDto,
    precondition?: Precondition<AlertRow>,
  ): Promise<AlertRow> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const [current] = await manager.query<
        {
          status: AlertStatusValue;
          note: string | null;
          acknowledged_at: Date | null;
          resolved_at: Date | null;
        }[]
      >(`SELECT status, note, acknowledged_at, resolved_at FROM alerts WHERE id = $1 FOR UPDATE`, [
        id,
      ]);
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
      await manager.query(
        `UPDATE alerts SET status = $2, note = $3, acknowledged_at = $4, resolved_at = $5,
                updated_by = $6, updated_at = now()
         WHERE id = $1`,
        [id, dto.status, note, stamps.acknowledgedAt, stamps.resolvedAt, caller.id],
      );
      await this.audit.record({
        actor: { id: caller.id, role: caller.role },
        action: 'alert.updated',
        target_type: 'alert',
        target_id: id,
        details: { from: current.status, to: dto.status, note_changed: note !== current.note },
      });
      return this.get(caller, id);
    });
  }

  /**
   * Evaluates the enabled alert rules for one student and opens the alerts they call for (at
   * most one unresolved alert per rule), notifying the student's account; returns how many
   * opened. With `predictionId` the rules read that stored prediction and the factors it was
   * made from; without, the student's latest stored prediction and their current factors.
   * Pass the transaction's manager to open the alerts with the change that caused them.
   */
  async evaluate(
    studentProfileId: string,
    predictionId?: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [row] = await manager.query<{ opened: number }[]>(
      `WITH subjects (${RULE_SUBJECT_COLUMNS}) AS (
         SELECT s.id, p.id, p.predicted_score, p.risk_level,
                CASE WHEN $2::uuid IS NULL THEN s.attendance
                     ELSE (p.input_snapshot->>'attendance')::float8 END,
                CASE WHEN $2::uuid IS NULL THEN s.hours_studied
                     ELSE (p.input_snapshot->>'hours_studied')::float8 END,
                CASE WHEN $2::uuid IS NULL THEN s.previous_scores
                     ELSE (p.input_snapshot->>'previous_scores')::float8 END
         FROM student_profiles s
         LEFT JOIN LATERAL (
           SELECT * FROM predictions p
           WHERE p.student_profile_id = s.id AND ($2::uuid IS NULL OR p.id = $2::uuid)
           ORDER BY p.prediction_date DESC, p.id DESC
           LIMIT 1
         ) p ON true
         WHERE s.id = $1
       ),${ruleAlertsCtes('subjects')}
       SELECT count(*)::int AS opened FROM opened`,
      [studentProfileId, predictionId ?? null],
    );
    return row?.opened ?? 0;
  }

  /** A student sees only alerts about the profile linked to their account. */
  private scope(
    caller: AuthenticatedUser,
    where: string[],
    param: (value: unknown) => string,
  ): void {
    switch (caller.role) {
      case 'student':
        where.push(`s.user_id = ${param(caller.id)}`);
        break;
      case 'teacher':
      case 'administrator':
        break;
    }
  }
}
