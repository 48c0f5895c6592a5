import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListCadresQueryDto {
  @ApiPropertyOptional({ description: 'Only the cadres of this unit.' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  unit?: string;

  @ApiPropertyOptional({
    example: 'nguyen van',
    description: 'Part of the name or code; accents, đ and case are ignored.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class CadreQueryDto {
  @ApiPropertyOptional({
    example: '2026-03-15',
    description: 'What the registry said on this day (entries recorded by then).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  asOf?: string;
}
