import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class LocalizedTextDto {
  @ApiProperty() vi!: string;
  @ApiProperty() en!: string;
}

export class DeadlineDto {
  @ApiProperty({ example: 'completion' }) name!: string;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true }) title!: LocalizedTextDto | null;
  @ApiProperty({
    example: 'proposal.eligibility',
    description: 'The state whose entry started it.',
  })
  state!: string;
  @ApiProperty({ enum: ['state', 'case'] }) scope!: string;
  @ApiProperty({ example: 30 }) amount!: number;
  @ApiProperty({ enum: ['DAY', 'WORKING_DAY', 'MONTH'] }) unit!: string;
  @ApiProperty({ example: '2026-03-02T03:00:00.000Z' }) startedAt!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2026-04-14',
    nullable: true,
    description: 'Last day (Vietnam date) on which it is met.',
  })
  dueOn!: string | null;
  @ApiProperty({ enum: ['pending', 'met', 'cancelled', 'expired'] }) status!: string;
  @ApiProperty() extensions!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { markOverdue: true } })
  onExpiry!: object;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when the scheduler fired it' })
  firedAt!: string | null;
}

export class PendingApprovalDto {
  @ApiProperty({ example: 'vetting.review' }) state!: string;
  @ApiProperty({ example: 'APPROVE' }) event!: string;
  @ApiProperty({ example: 'inspection_commission' }) role!: string;
}

export class AvailableEventDto {
  @ApiProperty({ example: 'RECORD_VOTE' }) type!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true }) title!: LocalizedTextDto | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'JSON Schema of the payload',
  })
  payload!: object | null;
  @ApiProperty() commentRequired!: boolean;
}

export class CaseResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'appointment' }) workflow!: string;
  @ApiProperty({ example: 1 }) workflowVersion!: number;
  @ApiProperty({
    example: 'proposal.policy',
    description: 'The XState state value as a dotted path.',
  })
  state!: string;
  @ApiProperty({ enum: ['active', 'completed'] }) status!: string;
  @ApiPropertyOptional({
    example: 'appointed',
    description: 'The final state, once completed; absent while the case is active.',
  })
  outcome?: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ example: 1 }) revision!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) subject!: object;
  @ApiProperty({
    enum: ['registry', 'inline'],
    description:
      "registry: the subject names cadres by cadreId, and each event's rules read the registry",
  })
  factsSource!: 'registry' | 'inline';
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: object;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the events recorded: eligible list, nominees, votes, decision, term end…',
  })
  facts!: object;
  @ApiProperty({ type: [DeadlineDto] }) deadlines!: DeadlineDto[];
  @ApiProperty({ type: [PendingApprovalDto] }) pendingApprovals!: PendingApprovalDto[];
  @ApiProperty({ type: [AvailableEventDto], description: 'The events the caller may send now.' })
  availableEvents!: AvailableEventDto[];
  @ApiProperty({ format: 'uuid', description: 'The unit the case belongs to.' }) unitId!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseResponseDto] }) items!: CaseResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class VerifyResponseDto {
  @ApiProperty() valid!: boolean;
  @ApiPropertyOptional() entries?: number;
  @ApiPropertyOptional() head?: string;
  @ApiPropertyOptional() brokenAt?: number;
  @ApiPropertyOptional() reason?: string;
}
