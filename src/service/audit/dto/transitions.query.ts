import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

// An instant with its time zone, so that a bound never depends on the server's zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE =
  '$property must be an ISO 8601 instant with a time zone, e.g. 2026-03-01T00:00:00+07:00';

export const TRANSITION_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type TransitionFormat = (typeof TRANSITION_FORMATS)[number];

export class TransitionsQueryDto {
  @ApiPropertyOptional({ example: 'appointment', description: 'A workflow key.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workflow?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The id of the principal who acted.' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  actor?: string;

  @ApiPropertyOptional({ example: 'RECORD_VOTE' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  event?: string;

  @ApiPropertyOptional({
    example: '2026-03-01T00:00:00+07:00',
    description: 'Entries at or after this instant.',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-04-01T00:00:00+07:00',
    description: 'Entries before this instant.',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT, { message: INSTANT_MESSAGE })
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE })
  to?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: 'Page size (ignored by the ndjson and csv formats).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page (ignored by the ndjson and csv formats).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({
    enum: TRANSITION_FORMATS,
    default: 'json',
    description:
      'json: one page {items, nextCursor}; ndjson / csv: the whole selection, streamed as a file.',
  })
  @IsOptional()
  @IsIn(TRANSITION_FORMATS)
  format?: TransitionFormat;
}
