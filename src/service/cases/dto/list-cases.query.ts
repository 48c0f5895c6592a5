import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class ListCasesQueryDto {
  @ApiPropertyOptional({ example: 'appointment' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workflow?: string;

  @ApiPropertyOptional({ example: 'vetting', description: 'A state; matches its sub-states too.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @Matches(/^[A-Za-z0-9_.]+$/, { message: 'state must be a dotted state path' })
  state?: string;

  @ApiPropertyOptional({ enum: ['active', 'completed'] })
  @IsOptional()
  @IsIn(['active', 'completed'])
  status?: 'active' | 'completed';

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The cases of this unit and the units below it (inside the caller's scope).",
  })
  @IsOptional()
  @IsUUID('all', { message: 'unit must be a UUID' })
  unit?: string;

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
  @MaxLength(500)
  cursor?: string;
}
