import { PickType } from '@nestjs/swagger';
import { CreateStudentDto } from '../../students/dto/create-student.dto';
import { FEATURE_NAMES } from '../ml';

/**
 * All 19 factors of a (possibly hypothetical) student, validated exactly like the factor fields
 * of a new profile: the nullable ones (teacher_quality, parental_education_level,
 * distance_from_home) may be omitted or null when unknown.
 */
export class EstimateFactorsDto extends PickType(CreateStudentDto, FEATURE_NAMES) {}
