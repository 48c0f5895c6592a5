import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';

/** A unit as listed (GET /api/units) and as created. */
export class UnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'HN' }) code!: string;
  @ApiProperty({ example: 'Thành ủy Hà Nội' }) name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the root' })
  parentId!: string | null;
}

/**
 * POST /api/units. `code` and `name` are checked by unit-fields.ts (the same rule as an import
 * row), so that both refuse alike; declared here for the whitelist and the OpenAPI document.
 */
export class CreateUnitDto {
  @ApiProperty({
    example: 'HN-BTC',
    description: "1 to 64 ASCII letters, digits, '_', '.', '-'; unique",
  })
  @Allow()
  code!: unknown;

  @ApiProperty({
    example: 'Ban Tổ chức Thành ủy',
    description: 'At most 200 characters, Unicode NFC, no control characters',
  })
  @Allow()
  name!: unknown;

  @ApiPropertyOptional({ format: 'uuid', description: 'The parent unit; the root when absent.' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string;
}

export class ImportUnitRowDto {
  @ApiProperty({ example: 'HN-BTC' }) code!: string;
  @ApiProperty({ example: 'Ban Tổ chức Thành ủy' }) name!: string;
  @ApiPropertyOptional({ example: 'HN', nullable: true, description: 'none: under the root' })
  parentCode?: string | null;
}

export const MAX_IMPORTED_UNITS = 5000;

export class ImportUnitsDto {
  @ApiProperty({ type: [ImportUnitRowDto], description: 'A whole tree, in any order.' })
  @IsArray()
  @ArrayMaxSize(MAX_IMPORTED_UNITS)
  units!: unknown[];
}

export class ImportUnitsQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsIn([true, false], { message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class ImportProblemDto {
  @ApiProperty({ example: 'units[3].parentCode' }) path!: string;
  @ApiProperty({ example: 'unitExists' }) constraint!: string;
  @ApiProperty() message!: string;
}

export class ImportReportDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'No problem: the import is (or would be) written whole.' })
  valid!: boolean;
  @ApiProperty({ type: [ImportProblemDto] }) problems!: ImportProblemDto[];
  @ApiProperty({ type: [String], description: 'Codes created (or to create), parents first.' })
  created!: string[];
  @ApiProperty({ type: [String], description: 'Codes that exist already as the import says.' })
  unchanged!: string[];
}
