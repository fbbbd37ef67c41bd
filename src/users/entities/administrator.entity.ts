import { Column, Entity } from 'typeorm';
import { StaffProfileRow } from './staff-profile-row';

/** The administrator profile of a user with the administrator role. */
@Entity({ name: 'administrators' })
export class Administrator extends StaffProfileRow('administrators') {
  @Column({ type: 'varchar', length: 100, nullable: true })
  position!: string | null;
}
