import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** `POST /api/cases/:id/migrate/dry-run` and `POST /api/workflows/:key/migrate/dry-run`. */
export class MigrationDryRunDto {
  @ApiProperty({ example: 2, description: 'The version of the same workflow to move to.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  toVersion!: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'proposal.leadershipNomination.ballot': 'proposal.leadershipNomination.ballot' },
    description:
      "Where each state of the case's version goes in the target, when its id differs or is gone.",
  })
  @IsOptional()
  @IsObject()
  stateMapping?: Record<string, string>;
}

/** `POST /api/cases/:id/migrate`: the move itself, on the competent authority's document. */
export class MigrateCaseDto extends MigrationDryRunDto {
  @ApiProperty({
    example: '15/QĐ-TU',
    description: "The competent authority's document that decides the move (recorded in history).",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  documentRef!: string;
}
