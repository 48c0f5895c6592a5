import { ApiProperty } from '@nestjs/swagger';

class TitleDto {
  @ApiProperty({ example: 'Bổ nhiệm cán bộ' }) vi!: string;
  @ApiProperty({ example: 'Appointment' }) en!: string;
}

export class WorkflowSummaryDto {
  @ApiProperty({ example: 'appointment' }) key!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ type: TitleDto }) title!: TitleDto;
  @ApiProperty({ example: 'QĐ 80-QĐ/TW (2022)' }) regulation!: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ enum: ['builtin', 'api'] }) source!: string;
}

export class PublishedWorkflowDto {
  @ApiProperty({ example: 'appointment' }) key!: string;
  @ApiProperty({ example: 2 }) version!: number;
}
