import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../database/columns/timestamp-columns';
import type { Role } from '../../common/auth/role';
import { ALERT_EMAIL_PREFERENCES, type AlertEmailPreference } from '../alert-email-preference';

/** An account: a student, a teacher or an administrator. Emails are stored lower-cased. */
@Entity({ name: 'users' })
@Check('users_role_check', `"role" IN ('student', 'teacher', 'administrator')`)
@Check('users_email_lower_check', `"email" = lower("email")`)
@Check(
  'users_alert_email_preference_check',
  `"alert_email_preference" IN (${ALERT_EMAIL_PREFERENCES.map((p) => `'${p}'`).join(', ')})`,
)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('users_email_key', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 100 })
  firstName!: string;

  @Column({ type: 'varchar', length: 100 })
  lastName!: string;

  @Index('users_role_idx')
  @Column({ type: 'varchar', length: 20, default: 'student' })
  role!: Role;

  @Column({ type: 'boolean', default: false })
  emailVerified!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt!: Date;

  /** Alert emails wanted; null: the role's default (see defaultAlertEmailPreference). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  alertEmailPreference!: AlertEmailPreference | null;

  @Index('users_created_at_idx')
  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
