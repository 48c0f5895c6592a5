import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import type { JsonObject } from '../../../engine/index.js';

export class SendEventDto {
  @ApiProperty({
    example: 'RECORD_VOTE',
    description: 'An event the current state accepts (see availableEvents).',
  })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Z][A-Z0-9_]*$/, {
    message: 'type must be an event name such as SUBMIT or RECORD_VOTE',
  })
  type!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { summoned: 17, present: 15, inFavour: 9, against: 6 },
    description: "The event's payload, checked against the workflow definition's schema for it.",
  })
  @IsOptional()
  @IsObject()
  payload?: JsonObject;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'Refuse with 409 REVISION_CONFLICT unless the case is at this revision.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedRevision?: number;
}
