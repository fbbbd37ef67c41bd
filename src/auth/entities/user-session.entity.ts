import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { User } from '../../users/entities/user.entity';

/**
 * One login: the family of its rotating refresh tokens. Only the hash of the current refresh
 * token is kept; `generation` counts rotations so a spent token is recognised and revokes the
 * session. The session id is in every access token, so revoking it stops them at once.
 */
@Entity({ name: 'user_sessions' })
export class UserSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('user_sessions_user_id_idx')
  @Column({ type: 'uuid' })
  userId!: string;

  @ForeignKey(() => User, 'user_sessions', 'user_id', 'CASCADE')
  user?: User;

  @Index('user_sessions_refresh_token_hash_key', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  refreshTokenHash!: string;

  @Column({ type: 'integer', default: 0 })
  generation!: number;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ipAddress!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastUsedAt!: Date;

  /** Idle timeout: pushed forward at each refresh. */
  @Column({ type: 'timestamptz' })
  idleExpiresAt!: Date;

  /** Absolute lifetime: never extended. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Index('user_sessions_revoked_at_idx')
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  revokedReason!: string | null;
}
