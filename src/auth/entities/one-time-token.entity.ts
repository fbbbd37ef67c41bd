import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { User } from '../../users/entities/user.entity';

export type OneTimeTokenPurpose = 'email_verification' | 'password_reset';

/** An emailed token (verification, password reset): stored only as a hash, single use, expiring. */
@Entity({ name: 'one_time_tokens' })
@Check('one_time_tokens_purpose_check', `"purpose" IN ('email_verification', 'password_reset')`)
@Index('one_time_tokens_user_purpose_idx', ['userId', 'purpose'])
export class OneTimeToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ForeignKey(() => User, 'one_time_tokens', 'user_id', 'CASCADE')
  user?: User;

  @Column({ type: 'varchar', length: 30 })
  purpose!: OneTimeTokenPurpose;

  @Index('one_time_tokens_token_hash_key', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
