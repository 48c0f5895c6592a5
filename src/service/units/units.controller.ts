import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import {
  CreateUnitDto,
  ImportReportDto,
  ImportUnitsDto,
  ImportUnitsQueryDto,
  UnitDto,
} from './dto/unit.dto.js';
import type { Unit } from './unit-tree.js';
import { UnitsService, type ImportReport } from './units.service.js';

/**
 * The unit tree (SPEC §7). Any principal reads it; admins add units. Units cannot be deleted,
 * renamed or moved under another parent in this version: a unit, once created, stays where it is.
 */
@ApiTags('units')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED' })
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({ summary: 'The unit tree as a flat list {id, code, name, parentId}, by code' })
  @ApiOkResponse({ type: UnitDto, isArray: true })
  list(): Promise<Unit[]> {
    return this.units.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a unit under a parent (the root when none is named)' })
  @ApiCreatedResponse({ type: UnitDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED: a bad code or name, or parentId names no unit',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'the caller is not an admin' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ALREADY_EXISTS: the code is taken' })
  create(
    @Body() dto: CreateUnitDto,
    @CurrentPrincipal() caller: AuthenticatedPrincipal,
  ): Promise<Unit> {
    return this.units.create(dto, caller.id);
  }

  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Import a whole tree {units: [{code, name, parentCode}]}, in any order',
    description:
      'Idempotent by code: a unit that exists as the row says is left as it is. dryRun=true ' +
      'lists every problem (row index and field: units[3].parentCode) and writes nothing; a ' +
      'real import writes every new unit in one transaction, with one system log entry, or ' +
      'nothing at all (400 VALIDATION_FAILED with the same problems).',
  })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'the caller is not an admin' })
  import(
    @Body() dto: ImportUnitsDto,
    @Query() query: ImportUnitsQueryDto,
    @CurrentPrincipal() caller: AuthenticatedPrincipal,
  ): Promise<ImportReport> {
    return this.units.import(dto.units, query.dryRun ?? false, caller.id);
  }
}
