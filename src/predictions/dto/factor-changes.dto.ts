import { PickType } from '@nestjs/swagger';
import { UpdateStudentDto } from '../../students/dto/update-student.dto';
import { FEATURE_NAMES } from '../ml';

/**
 * Hypothetical values for some of a student's 19 factors, with the same types and ranges as a
 * profile update; any other key is a 400. Only nullable factors may be set to null (unknown).
 */
export class FactorChangesDto extends PickType(UpdateStudentDto, FEATURE_NAMES) {}
