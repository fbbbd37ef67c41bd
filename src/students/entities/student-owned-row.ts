import { Column, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '../../database/columns/foreign-key';
import { StudentProfile } from './student-profile.entity';

/**
 * The columns every row about one student starts with: a uuid id and `student_profile_id`, a
 * reference to the student deleted with the student (constraint `<table>_student_profile_id_fkey`).
 * An entity extends `StudentOwnedRow('<table>')`.
 */
export function StudentOwnedRow(table: string) {
  abstract class StudentOwned {
    @PrimaryGeneratedColumn('uuid')
    id!: string;

    @Column({ type: 'uuid' })
    studentProfileId!: string;

    @ForeignKey(() => StudentProfile, table, 'student_profile_id', 'CASCADE')
    studentProfile?: StudentProfile;
  }
  return StudentOwned;
}
