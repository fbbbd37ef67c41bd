import { Column, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '../../database/columns/foreign-key';
import { CreatedAtColumn, UpdatedAtColumn } from '../../database/columns/timestamp-columns';
import { User } from './user.entity';

/**
 * What the profile rows of staff (teachers, administrators) share: one row per account
 * (`<table>_user_id_key`), deleted with the account, and a department. An entity extends
 * `StaffProfileRow('<table>')` and adds its role's own columns.
 */
export function StaffProfileRow(table: string) {
  abstract class StaffProfile {
    @PrimaryGeneratedColumn('uuid')
    id!: string;

    @Index(`${table}_user_id_key`, { unique: true })
    @Column({ type: 'uuid' })
    userId!: string;

    @ForeignKey(() => User, table, 'user_id', 'CASCADE')
    user?: User;

    @Column({ type: 'varchar', length: 100, nullable: true })
    department!: string | null;

    @CreatedAtColumn()
    createdAt!: Date;

    @UpdatedAtColumn()
    updatedAt!: Date;
  }
  return StaffProfile;
}
