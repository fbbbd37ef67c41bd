import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { StudentOwnedRow } from './student-owned-row';
import { User } from '../../users/entities/user.entity';

/** One point of a student's history: a result and the circumstances around it. */
@Entity({ name: 'performance_records' })
@Check('performance_records_exam_score_check', `"exam_score" BETWEEN 0 AND 105`)
@Check(
  'performance_records_attendance_check',
  `"attendance" IS NULL OR "attendance" BETWEEN 0 AND 100`,
)
@Check(
  'performance_records_hours_studied_check',
  `"hours_studied" IS NULL OR "hours_studied" BETWEEN 0 AND 60`,
)
@Check(
  'performance_records_previous_scores_check',
  `"previous_scores" IS NULL OR "previous_scores" BETWEEN 0 AND 100`,
)
@Index('performance_records_student_recorded_idx', ['studentProfileId', 'recordedAt'])
export class PerformanceRecord extends StudentOwnedRow('performance_records') {
  @Index('performance_records_recorded_at_idx')
  @Column({ type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'varchar', length: 50, nullable: true })
  term!: string | null;

  @Column({ type: 'double precision' })
  examScore!: number;

  @Column({ type: 'double precision', nullable: true })
  attendance!: number | null;

  @Column({ type: 'double precision', nullable: true })
  hoursStudied!: number | null;

  @Column({ type: 'double precision', nullable: true })
  previousScores!: number | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Index('performance_records_created_by_idx')
  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ForeignKey(() => User, 'performance_records', 'created_by', 'SET NULL')
  creator?: User | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
