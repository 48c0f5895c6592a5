import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsUUID,
  IsString,
  MaxLength,
} from 'class-validator';
import { PRINCIPAL_ROLES, type PrincipalRole } from '../principal-roles.js';

export class CreatePrincipalDto {
  @ApiProperty({ example: 'Nguyễn Thị Lan (clerk, Ban Tổ chức)', maxLength: 200 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: PRINCIPAL_ROLES, isArray: true, example: ['clerk'] })
  @IsArray()
  @ArrayNotEmpty({ message: 'roles must list at least one role' })
  @ArrayUnique({ message: 'roles must not repeat a role' })
  @IsIn(PRINCIPAL_ROLES, {
    each: true,
    message: `each role must be one of ${PRINCIPAL_ROLES.join(', ')} (system is reserved)`,
  })
  roles!: PrincipalRole[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Its unit; the root when absent.' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'A wider scope: the unit itself or a unit above it; absent, the principal sees its own unit and the units below it.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'scopeUnitId must be a UUID' })
  scopeUnitId?: string;
}
