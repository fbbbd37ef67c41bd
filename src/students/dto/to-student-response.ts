import type { StudentProfile } from '../entities/student-profile.entity';
import type { StudentResponseDto } from './student-response.dto';

/** The one mapping from a profile entity to its API shape. */
export function toStudentResponse(s: StudentProfile): StudentResponseDto {
  return {
    student_id: s.studentId,
    first_name: s.firstName,
    last_name: s.lastName,
    email: s.email,
    age: s.age,
    gender: s.gender,
    hours_studied: s.hoursStudied,
    attendance: s.attendance,
    parental_involvement: s.parentalInvolvement,
    access_to_resources: s.accessToResources,
    extracurricular_activities: s.extracurricularActivities,
    sleep_hours: s.sleepHours,
    previous_scores: s.previousScores,
    motivation_level: s.motivationLevel,
    internet_access: s.internetAccess,
    tutoring_sessions: s.tutoringSessions,
    family_income: s.familyIncome,
    teacher_quality: s.teacherQuality,
    school_type: s.schoolType,
    peer_influence: s.peerInfluence,
    physical_activity: s.physicalActivity,
    learning_disabilities: s.learningDisabilities,
    parental_education_level: s.parentalEducationLevel,
    distance_from_home: s.distanceFromHome,
    exam_score: s.examScore,
    user_id: s.userId,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}
