import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredPrediction } from '../predictions';
import type { SortOrder } from '../common/pagination/parse-sort';
import { SqlParams } from '../common/sql/sql-params';
import { HEAVY_DATA_SOURCE } from '../database/heavy-data-source';
import { sameStudentIdSql } from '../students/student-id';
import type { MainTransactionHost } from '../database/transactions';
import { ALERT_COLUMNS, ALERT_FROM, EVALUATE_STORED, EVALUATE_STUDENT } from './alerts-sql';
import type { AlertStatusValue } from './alert-values';
import type { AlertRow } from './dto/to-alert-response';
import { Alert } from './entities/alert.entity';

/** SQL for each sort field of the list (severity and status in their natural order). */
const SORT_SQL: Record<string, string> = {
  created_at: 'a.created_at',
  updated_at: 'a.updated_at',
  severity: "CASE a.severity WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
  status: "CASE a.status WHEN 'open' THEN 1 WHEN 'acknowledged' THEN 2 ELSE 3 END",
};

/**
 * The filters of the list; `userId` keeps only alerts about the profile linked to that account,
 * `studentId` those about the student with that id, whatever its case.
 */
export interface AlertFilter {
  userId?: string;
  status?: string;
  severity?: string;
  studentId?: string;
}

/** What a status change reads of an alert, locked for the write. */
export interface AlertState {
  status: AlertStatusValue;
  note: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
}

/** A status change to write. */
export interface AlertChange {
  status: AlertStatusValue;
  note: string | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  updatedBy: string;
}

/** The notifications module's only access to `alerts` (and the rules' evaluation, which opens them). */
@Injectable()
export class AlertsRepository {
  constructor(
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
    @InjectTransactionHost(HEAVY_DATA_SOURCE)
    private readonly heavyTx: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** One page of the alerts that match, in `order` then newest id first, and how many match. */
  async page(
    filter: AlertFilter,
    order: readonly SortOrder[],
    page: number,
    perPage: number,
  ): Promise<{ rows: AlertRow[]; total: number }> {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter.userId !== undefined) where.push(`s.user_id = ${params.add(filter.userId)}`);
    if (filter.status) where.push(`a.status = ${params.add(filter.status)}`);
    if (filter.severity) where.push(`a.severity = ${params.add(filter.severity)}`);
    if (filter.studentId) {
      where.push(sameStudentIdSql('s.student_id', params.add(filter.studentId)));
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const orderSql = order
      .map((o) => `${SORT_SQL[o.field]} ${o.direction}`)
      .concat('a.id DESC')
      .join(', ');
    const tx = this.txHost.tx;
    // One after another: in a transaction, one connection runs one query at a time.
    const [countRow] = await tx.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${ALERT_FROM} ${whereSql}`,
      params.values,
    );
    const rows = await tx.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} ${ALERT_FROM} ${whereSql} ORDER BY ${orderSql}
       LIMIT ${params.add(perPage)} OFFSET ${params.add((page - 1) * perPage)}`,
      params.values,
    );
    return { rows, total: countRow.total };
  }

  /** One alert, or null; with `userId`, only if it is about the profile linked to that account. */
  async find(id: string, userId?: string): Promise<AlertRow | null> {
    const params = new SqlParams();
    const where = [`a.id = ${params.add(id)}`];
    if (userId !== undefined) where.push(`s.user_id = ${params.add(userId)}`);
    const [row] = await this.txHost.tx.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} ${ALERT_FROM} WHERE ${where.join(' AND ')}`,
      params.values,
    );
    return row ?? null;
  }

  /** An alert's state, locked until the end of the current transaction; null if none. */
  async lockState(id: string): Promise<AlertState | null> {
    const [row] = await this.txHost.tx.query<AlertState[]>(
      `SELECT status, note, acknowledged_at, resolved_at FROM alerts WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async writeChange(id: string, change: AlertChange): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE alerts SET status = $2, note = $3, acknowledged_at = $4, resolved_at = $5,
              updated_by = $6, updated_at = now()
       WHERE id = $1`,
      [id, change.status, change.note, change.acknowledgedAt, change.resolvedAt, change.updatedBy],
    );
  }

  /** Whether the alert exists and is about that profile. */
  isAbout(id: string, studentProfileId: string): Promise<boolean> {
    return this.txHost.tx.getRepository(Alert).existsBy({ id, studentProfileId });
  }

  /** Every alert about a student, newest first. */
  allOfStudent(studentProfileId: string): Promise<Alert[]> {
    return this.txHost.tx
      .getRepository(Alert)
      .find({ where: { studentProfileId }, order: { createdAt: 'DESC' } });
  }

  countOfStudent(studentProfileId: string): Promise<number> {
    return this.txHost.tx.getRepository(Alert).countBy({ studentProfileId });
  }

  /** Evaluates the rules for one student (see EVALUATE_STUDENT); returns how many opened. */
  async evaluateStudent(studentProfileId: string, predictionId: string | null): Promise<number> {
    const [row] = await this.txHost.tx.query<{ opened: number }[]>(EVALUATE_STUDENT, [
      studentProfileId,
      predictionId,
    ]);
    return row?.opened ?? 0;
  }

  /** Evaluates the rules over predictions just stored, in the transaction that stores them. */
  async evaluateStored(predictions: readonly StoredPrediction[]): Promise<void> {
    const rows = predictions.map((p) => ({
      id: p.id,
      student_profile_id: p.studentProfileId,
      predicted_score: p.predictedScore,
      risk_level: p.riskLevel,
      attendance: p.attendance,
      hours_studied: p.hoursStudied,
      previous_scores: p.previousScores,
    }));
    await this.storingTransaction().query(EVALUATE_STORED, [JSON.stringify(rows)]);
  }

  /** A batch of predictions stores them in a transaction of the heavy pool; others in the main one. */
  private storingTransaction(): EntityManager {
    return this.heavyTx.isTransactionActive() ? this.heavyTx.tx : this.txHost.tx;
  }
}
