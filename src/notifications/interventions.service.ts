import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { MainTransactionHost } from '../database/transactions';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import type { Precondition } from '../common/http/precondition';
import { Page, toPage } from '../common/pagination/page';
import { StudentsService } from '../students/students.service';
import { CreateInterventionDto } from './dto/create-intervention.dto';
import { ListInterventionsQueryDto } from './dto/list-interventions-query.dto';
import { UpdateInterventionDto } from './dto/update-intervention.dto';
import { Alert } from './entities/alert.entity';
import { Intervention } from './entities/intervention.entity';
import { InterventionAlertMismatchError, InterventionNotFoundError } from './notifications.errors';

/** An intervention with the id of its student (`STU0001`). */
export interface InterventionWithStudent {
  intervention: Intervention;
  studentId: string;
}

/** What staff do for a student: created, listed and updated with audit rows. */
@Injectable()
export class InterventionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
    private readonly students: StudentsService,
    private readonly audit: AuditService,
  ) {}

  async create(
    caller: AuthenticatedUser,
    studentId: string,
    dto: CreateInterventionDto,
  ): Promise<InterventionWithStudent> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const profile = await this.students.findAccessible(caller, studentId, { manager });
      if (dto.alert_id) {
        const alert = await manager.getRepository(Alert).existsBy({
          id: dto.alert_id,
          studentProfileId: profile.id,
        });
        if (!alert) throw new InterventionAlertMismatchError(dto.alert_id, profile.studentId);
      }
      const inserted = await manager.insert(Intervention, {
        studentProfileId: profile.id,
        alertId: dto.alert_id ?? null,
        type: dto.type.trim(),
        description: dto.description,
        status: dto.status ?? 'planned',
        dueDate: dto.due_date ?? null,
        createdBy: caller.id,
      });
      const id = (inserted.identifiers[0] as { id: string }).id;
      await this.audit.record({
        actor: { id: caller.id, role: caller.role },
        action: 'intervention.created',
        target_type: 'student',
        target_id: profile.studentId,
        details: { intervention_id: id, type: dto.type.trim(), alert_id: dto.alert_id ?? null },
      });
      const intervention = await manager.findOneByOrFail(Intervention, { id });
      return { intervention, studentId: profile.studentId };
    });
  }

  async list(
    caller: AuthenticatedUser,
    studentId: string,
    query: ListInterventionsQueryDto,
  ): Promise<{ studentId: string; page: Page<Intervention> }> {
    const profile = await this.students.findAccessible(caller, studentId);
    const [rows, total] = await this.dataSource.getRepository(Intervention).findAndCount({
      where: { studentProfileId: profile.id, ...(query.status ? { status: query.status } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (query.page - 1) * query.per_page,
      take: query.per_page,
    });
    return {
      studentId: profile.studentId,
      page: toPage(rows, total, query.page, query.per_page),
    };
  }

  async get(id: string): Promise<InterventionWithStudent> {
    const intervention = await this.dataSource
      .getRepository(Intervention)
      .findOne({ where: { id }, relations: { studentProfile: true } });
    if (!intervention?.studentProfile) throw new InterventionNotFoundError(id);
    return { intervention, studentId: intervention.studentProfile.studentId };
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
    const set: Partial<Pick<Intervention, 'status' | 'outcome' | 'description' | 'dueDate'>> = {};
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
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const current = await manager
        .getRepository(Intervention)
        .createQueryBuilder('i')
        .innerJoinAndSelect('i.studentProfile', 's')
        .where('i.id = :id', { id })
        .setLock('pessimistic_write', undefined, ['i'])
        .getOne();
      if (!current?.studentProfile) throw new InterventionNotFoundError(id);
      precondition?.({ intervention: current, studentId: current.studentProfile.studentId });
      await manager.update(Intervention, { id }, set);
      await this.audit.record({
        actor: { id: caller.id, role: caller.role },
        action: 'intervention.updated',
        target_type: 'student',
        target_id: current.studentProfile.studentId,
        details: {
          intervention_id: id,
          fields,
          ...(dto.status !== undefined ? { from: current.status, to: dto.status } : {}),
        },
      });
      const intervention = await manager.findOneByOrFail(Intervention, { id });
      return { intervention, studentId: current.studentProfile.studentId };
    });
  }
}
