import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { MainTransactionHost } from '../database/transactions';
import { STUDENT_PROFILES } from '../students/student-profiles-sql';
import { Intervention } from './entities/intervention.entity';

/** An intervention to create. */
export type NewIntervention = Pick<
  Intervention,
  'studentProfileId' | 'alertId' | 'type' | 'description' | 'status' | 'dueDate' | 'createdBy'
>;

/** The fields an update may change. */
export type InterventionChanges = Partial<
  Pick<Intervention, 'status' | 'outcome' | 'description' | 'dueDate'>
>;

/** An intervention with the id of its student (`STU0001`). */
export interface InterventionWithStudent {
  intervention: Intervention;
  studentId: string;
}

/** The notifications module's only access to `interventions`, in the current transaction. */
@Injectable()
export class InterventionsRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** Inserts the intervention; returns it as stored. */
  async insert(row: NewIntervention): Promise<Intervention> {
    const repository = this.txHost.tx.getRepository(Intervention);
    const inserted = await repository.insert(row);
    const id = (inserted.identifiers[0] as { id: string }).id;
    return repository.findOneByOrFail({ id });
  }

  /** One page of a student's interventions, newest first, and how many there are. */
  pageOfStudent(
    studentProfileId: string,
    status: Intervention['status'] | undefined,
    page: number,
    perPage: number,
  ): Promise<[Intervention[], number]> {
    return this.txHost.tx.getRepository(Intervention).findAndCount({
      where: { studentProfileId, ...(status ? { status } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
  }

  /**
   * One intervention and its student's id, or null. The student id is read through the students
   * module's STUDENT_PROFILES fragment rather than by loading the profile relation, which would
   * read student_profiles as an entity of this module's own.
   */
  async find(id: string): Promise<InterventionWithStudent | null> {
    const intervention = await this.txHost.tx.getRepository(Intervention).findOneBy({ id });
    if (!intervention) return null;
    const rows: { student_id: string }[] = await this.txHost.tx.query(
      `SELECT student_id FROM ${STUDENT_PROFILES} s WHERE id = $1`,
      [intervention.studentProfileId],
    );
    return rows.length === 1 ? { intervention, studentId: rows[0].student_id } : null;
  }

  /** Like find, with the intervention's row locked until the end of the current transaction. */
  async findLocked(id: string): Promise<InterventionWithStudent | null> {
    await this.txHost.tx.query('SELECT 1 FROM interventions WHERE id = $1 FOR UPDATE', [id]);
    return this.find(id);
  }

  async update(id: string, changes: InterventionChanges): Promise<void> {
    await this.txHost.tx.getRepository(Intervention).update({ id }, changes);
  }

  /** Every intervention for a student, newest first. */
  allOfStudent(studentProfileId: string): Promise<Intervention[]> {
    return this.txHost.tx
      .getRepository(Intervention)
      .find({ where: { studentProfileId }, order: { createdAt: 'DESC' } });
  }

  countOfStudent(studentProfileId: string): Promise<number> {
    return this.txHost.tx.getRepository(Intervention).countBy({ studentProfileId });
  }
}
