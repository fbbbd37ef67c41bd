import { ApiProperty } from '@nestjs/swagger';

/** The columns of an imported file, as the import read its header. */
export class ImportColumnsDto {
  @ApiProperty({
    type: [String],
    description: 'Known columns of the file, spelt as the export writes them, in file order.',
    example: ['Student_ID', 'First_Name', 'Last_Name', 'Email', 'Hours_Studied', 'Gender'],
  })
  used!: string[];

  @ApiProperty({
    type: [String],
    description:
      'Headers the import does not know, as the file spells them: ignored (`unknown_columns=ignore`, a warning each) or the reason the file was refused (`unknown_columns=error`).',
    example: ['Grade', 'Homeroom'],
  })
  ignored!: string[];

  @ApiProperty({
    type: [String],
    description:
      'Known columns the file does not have: optional ones (Student_ID, First_Name, Last_Name, Age, Email, Exam_Score) keep their stored values or get defaults; a missing required one is also a problem.',
    example: ['Age', 'Exam_Score'],
  })
  missing!: string[];
}
