import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { StudentOwnedRow } from '../../students/entities/student-owned-row';
import { Prediction } from './prediction.entity';

/** A change to an actionable factor, with the model's expected gain. */
@Entity({ name: 'recommendations' })
@Check(
  'recommendations_status_check',
  `"status" IN ('active', 'dismissed', 'completed', 'superseded')`,
)
@Index('recommendations_student_created_idx', ['studentProfileId', 'createdAt'])
export class Recommendation extends StudentOwnedRow('recommendations') {
  @Index('recommendations_prediction_id_idx')
  @Column({ type: 'uuid', nullable: true })
  predictionId!: string | null;

  @ForeignKey(() => Prediction, 'recommendations', 'prediction_id', 'SET NULL')
  prediction?: Prediction | null;

  @Column({ type: 'varchar', length: 50 })
  factor!: string;

  @Column({ type: 'jsonb' })
  currentValue!: unknown;

  @Column({ type: 'jsonb' })
  suggestedValue!: unknown;

  @Column({ type: 'double precision' })
  expectedGain!: number;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'smallint', default: 0 })
  priority!: number;

  @Index('recommendations_status_idx')
  @Column({ type: 'varchar', length: 20, default: 'active' })
  status!: 'active' | 'dismissed' | 'completed' | 'superseded';

  @Column({ type: 'varchar', length: 100 })
  modelVersion!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
