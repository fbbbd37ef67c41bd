import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { MainTransactionHost } from '../database/transactions';
import { Recommendation } from './entities/recommendation.entity';

/** A recommendation to store as one of a student's active set. */
export type NewRecommendation = Pick<
  Recommendation,
  | 'studentProfileId'
  | 'predictionId'
  | 'factor'
  | 'currentValue'
  | 'suggestedValue'
  | 'expectedGain'
  | 'message'
  | 'priority'
  | 'modelVersion'
>;

/** The predictions module's only access to `recommendations`, in the current transaction. */
@Injectable()
export class RecommendationsRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** Marks the student's active recommendations superseded. */
  async supersedeActive(studentProfileId: string): Promise<void> {
    await this.txHost.tx
      .getRepository(Recommendation)
      .update({ studentProfileId, status: 'active' }, { status: 'superseded' });
  }

  /** Stores `rows` as active recommendations; returns them as stored. */
  async insertActive(rows: readonly NewRecommendation[]): Promise<Recommendation[]> {
    if (rows.length === 0) return [];
    const repository = this.txHost.tx.getRepository(Recommendation);
    return repository.save(rows.map((row) => repository.create({ ...row, status: 'active' })));
  }

  /** Every recommendation of a student, newest first. */
  allOfStudent(studentProfileId: string): Promise<Recommendation[]> {
    return this.txHost.tx.getRepository(Recommendation).find({
      where: { studentProfileId },
      order: { createdAt: 'DESC' },
    });
  }

  countOfStudent(studentProfileId: string): Promise<number> {
    return this.txHost.tx.getRepository(Recommendation).countBy({ studentProfileId });
  }
}
