import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';
import { PerformanceRecordResponseDto } from '../../students/dto/performance-record-response.dto';
import { StudentResponseDto } from '../../students/dto/student-response.dto';
import { ExportedAlertDto } from './data-export/exported-alert.dto';
import { ExportedAuditEventDto } from './data-export/exported-audit-event.dto';
import { ExportedInterventionDto } from './data-export/exported-intervention.dto';
import { ExportedNotificationDto } from './data-export/exported-notification.dto';
import { ExportedPredictionDto } from './data-export/exported-prediction.dto';
import { ExportedRecommendationDto } from './data-export/exported-recommendation.dto';

/** Everything held about one student (right of access / data portability). */
export class StudentDataExportDto {
  @ApiProperty({ format: 'date-time', example: '2025-09-15T10:30:00.000Z' })
  exported_at!: string;

  @ApiProperty({ type: StudentResponseDto })
  student!: StudentResponseDto;

  @ApiProperty({ type: [PerformanceRecordResponseDto] })
  performance_records!: PerformanceRecordResponseDto[];

  @ApiProperty({ type: [ExportedPredictionDto] })
  predictions!: ExportedPredictionDto[];

  @ApiProperty({ type: [ExportedRecommendationDto] })
  recommendations!: ExportedRecommendationDto[];

  @ApiProperty({ type: [ExportedAlertDto] })
  alerts!: ExportedAlertDto[];

  @ApiProperty({ type: [ExportedInterventionDto] })
  interventions!: ExportedInterventionDto[];

  @ApiPropertyOptional({
    type: UserResponseDto,
    description: 'The linked account (never a password hash or token); absent when unlinked.',
  })
  user?: UserResponseDto;

  @ApiProperty({ type: [ExportedNotificationDto], description: 'Messages to the linked account.' })
  notifications!: ExportedNotificationDto[];

  @ApiProperty({
    type: [ExportedAuditEventDto],
    description: 'Recorded actions on this profile.',
  })
  audit_events!: ExportedAuditEventDto[];
}
