import { Check, Column, Entity, Index } from 'typeorm';
import { ForeignKey } from '../../database/columns/foreign-key';
import { StudentOwnedRow } from '../../students/entities/student-owned-row';
import { User } from '../../users/entities/user.entity';

export type RiskLevel = 'low' | 'medium' | 'high';

/**
 * A stored prediction, with the model version and the factors it was made from. Indexes, each
 * for a query that needs it (a batch maintains them for every row it stores): the primary key;
 * (student_profile_id, prediction_date) for a student's history and each student's latest
 * prediction; requested_by for deleting a user (ON DELETE SET NULL).
 */
@Entity({ name: 'predictions' })
@Check('predictions_risk_level_check', `"risk_level" IN ('low', 'medium', 'high')`)
@Check('predictions_confidence_level_check', `"confidence_level" BETWEEN 0 AND 1`)
@Check('predictions_interval_check', `"interval_lower" <= "interval_upper"`)
@Index('predictions_student_date_idx', ['studentProfileId', 'predictionDate'])
export class Prediction extends StudentOwnedRow('predictions') {
  @Column({ type: 'varchar', length: 100 })
  modelVersion!: string;

  @Column({ type: 'double precision' })
  predictedScore!: number;

  @Column({ type: 'double precision' })
  confidenceLevel!: number;

  @Column({ type: 'double precision' })
  intervalLower!: number;

  @Column({ type: 'double precision' })
  intervalUpper!: number;

  @Column({ type: 'double precision' })
  intervalLevel!: number;

  @Column({ type: 'varchar', length: 10 })
  riskLevel!: RiskLevel;

  /**
   * The two documents are `json`, not `jsonb`: they are stored as written and read back whole
   * (a single prediction's factors are the only part ever read inside one, by `->>`), and a
   * batch stores two per row, which `json` only checks where `jsonb` converts them.
   */
  @Column({ type: 'json' })
  topFactors!: { feature: string; value: unknown; contribution: number }[];

  /** The 19 factors as they were when the prediction was made. */
  @Column({ type: 'json' })
  inputSnapshot!: Record<string, unknown>;

  @Index('predictions_requested_by_idx')
  @Column({ type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @ForeignKey(() => User, 'predictions', 'requested_by', 'SET NULL')
  requester?: User | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  predictionDate!: Date;
}
