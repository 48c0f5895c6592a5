import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class ReadLogQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Reads by this principal only.' })
  @IsOptional()
  @IsUUID('all', { message: 'principalId must be a UUID' })
  principalId?: string;

  @ApiPropertyOptional({ description: 'Reads of this target only (a case id, an export query).' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  target?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ReadLogEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) principalId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'case', description: 'case, history, diagram, verify, export, digest…' })
  kind!: string;
  @ApiProperty({ description: 'A case id, or the query of an export' }) target!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId!: string | null;
}

export class ReadLogPageDto {
  @ApiProperty({ type: [ReadLogEntryDto] }) items!: ReadLogEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
