import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, createUserAndLogin, type LoggedInUser } from '../helpers/auth';

/** A surname no other test uses, to find exactly one test's students with `search`. */
export function uniqueToken(): string {
  return `Zq${randomBytes(6).toString('hex')}`;
}

/** The 19 factors of a typical student, as the prediction routes take them. */
export function studentFactors(): Record<string, unknown> {
  return {
    gender: 'Female',
    hours_studied: 23,
    attendance: 84,
    parental_involvement: 'Low',
    access_to_resources: 'High',
    extracurricular_activities: false,
    sleep_hours: 7,
    previous_scores: 73,
    motivation_level: 'Low',
    internet_access: true,
    tutoring_sessions: 0,
    family_income: 'Low',
    teacher_quality: 'Medium',
    school_type: 'Public',
    peer_influence: 'Positive',
    physical_activity: 3,
    learning_disabilities: false,
    parental_education_level: 'High School',
    distance_from_home: 'Near',
  };
}

/** Strong on everything but attendance: only the `Low attendance` default rule (< 70) applies. */
export const LOW_ATTENDANCE = {
  hours_studied: 30,
  attendance: 65,
  previous_scores: 95,
  motivation_level: 'High',
  parental_involvement: 'High',
  access_to_resources: 'High',
  tutoring_sessions: 3,
};

/** A valid body for POST /api/students. */
export function studentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    first_name: 'Ada',
    last_name: uniqueToken(),
    ...studentFactors(),
    exam_score: 67,
    ...overrides,
  };
}

export async function createStudent(
  app: INestApplication,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { student_id: string }> {
  const res = await request(app.getHttpServer())
    .post('/api/students')
    .set(bearer(token))
    .send(studentBody(overrides));
  if (res.status !== 201) {
    throw new Error(`Creating a student failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as Record<string, unknown> & { student_id: string };
}

/** Links a student account to a profile as an administrator. */
export async function linkStudent(
  app: INestApplication,
  adminToken: string,
  studentId: string,
  userId: string,
): Promise<void> {
  await request(app.getHttpServer())
    .put(`/api/students/${studentId}/user`)
    .set(bearer(adminToken))
    .send({ user_id: userId })
    .expect(200);
}

/** A profile created by `staffToken` and linked to a new student account by `adminToken`. */
export async function createLinkedStudent(
  app: INestApplication,
  staffToken: string,
  adminToken: string,
  overrides: Record<string, unknown> = {},
): Promise<{ profile: Record<string, unknown> & { student_id: string }; account: LoggedInUser }> {
  const profile = await createStudent(app, staffToken, overrides);
  const account = await createUserAndLogin(app, { role: 'student' });
  await linkStudent(app, adminToken, profile.student_id, account.user.id);
  return { profile, account };
}
