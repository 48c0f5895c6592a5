import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { JsonObject } from '../../../engine/index.js';

export class OpenCaseDto {
  @ApiProperty({
    example: 'appointment',
    description: 'The workflow key; the case uses its latest version for life.',
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
}
