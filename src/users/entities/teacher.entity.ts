import { Column, Entity } from 'typeorm';
import { StaffProfileRow } from './staff-profile-row';

/** The teacher profile of a user with the teacher role. */
@Entity({ name: 'teachers' })
export class Teacher extends StaffProfileRow('teachers') {
  @Column({ type: 'varchar', length: 100, nullable: true })
  specialization!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  employeeNumber!: string | null;
}
