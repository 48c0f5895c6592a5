import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { JsonObject } from '../../../engine/index.js';

export class OpenCaseDto {
  @ApiProperty({
    example: 'appointment',
    description:
      'The workflow key; the case uses the version in force on `startedOn` (default today), or `workflowVersion`, for life (unless an admin migrates it).',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[a-z][a-z0-9-]*$/, {
    message: 'workflow must be a workflow key (lower-case letters, digits, -)',
  })
  workflow!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The case subject, checked against the workflow's subject schema (e.g. position and candidates).",
  })
  @IsObject()
  subject!: JsonObject;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Free data kept with the case.',
  })
  @IsOptional()
  @IsObject()
  data?: JsonObject;

  @ApiPropertyOptional({
    example: 1,
    description:
      'A published version to open the case on (e.g. the QĐ 80 profile for a process begun before QĐ 377).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  workflowVersion?: number;

  @ApiPropertyOptional({
    example: '2025-09-01',
    description:
      'The day the process began (YYYY-MM-DD, not in the future): the case is opened on the version in force that day.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startedOn must be a date (YYYY-MM-DD)' })
  startedOn?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "The unit the case belongs to: the opener's unit by default; another unit inside the opener's scope.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
}
