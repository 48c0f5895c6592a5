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

export class WorkflowVersionDto extends WorkflowSummaryDto {
  @ApiProperty({ nullable: true, type: String, description: 'the admin who published it' })
  publishedBy!: string | null;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of the definition' })
  contentHash!: string;
  @ApiProperty({ example: 3, description: 'cases still active on this version (pinned to it)' })
  activeCases!: number;
}

class DefinitionProblemDto {
  @ApiProperty({ example: 'UNKNOWN_TARGET' }) code!: string;
  @ApiProperty({ example: 'states.proposal.on.SUBMIT.target' }) path!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ required: false }) state?: string;
  @ApiProperty({ required: false }) event?: string;
  @ApiProperty({ required: false }) rule?: string;
}

export class ValidationReportDto {
  @ApiProperty({ description: 'whether POST /api/workflows would publish it' }) valid!: boolean;
  @ApiProperty({
    type: DefinitionProblemDto,
    isArray: true,
    description: 'every problem; VERSION_PUBLISHED when the version it names exists',
  })
  problems!: DefinitionProblemDto[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'the version it would be published as',
  })
  version!: number | null;
}

class SimulatedStepDto {
  @ApiProperty({ description: '0 opens the case (CREATE), then one per event' }) index!: number;
  @ApiProperty() event!: string;
  @ApiProperty() at!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty() accepted!: boolean;
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ description: 'the state after the event (unchanged when refused)' })
  state!: string;
  @ApiProperty({ enum: ['active', 'completed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) result!: string | null;
  @ApiProperty({ required: false, example: 'RULE_NOT_SATISFIED' }) code?: string;
  @ApiProperty({ required: false }) reason?: string;
  @ApiProperty({ required: false, type: Object }) details?: Record<string, unknown>;
  @ApiProperty({ required: false, type: Object, nullable: true })
  outcome?: Record<string, unknown> | null;
  @ApiProperty({ required: false, type: Object, isArray: true })
  effects?: Array<Record<string, unknown>>;
}

class SimulationFinalDto {
  @ApiProperty({ nullable: true, type: String }) state!: string | null;
  @ApiProperty({ enum: ['active', 'completed', 'notOpened'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) result!: string | null;
  @ApiProperty({ type: Object }) facts!: Record<string, unknown>;
}

export class SimulationReportDto {
  @ApiProperty({ type: SimulatedStepDto, isArray: true }) steps!: SimulatedStepDto[];
  @ApiProperty({ type: SimulationFinalDto }) final!: SimulationFinalDto;
  @ApiProperty() accepted!: number;
  @ApiProperty() refused!: number;
}
