import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiBadRequestResponse,
  ApiConsumes,
  ApiQuery,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import type { ChainVerification } from '../history/chain.js';
import {
  CADRE_READER_ROLES,
  CADRE_RECORD_ROLES,
  CADRE_WRITER_ROLES,
  cadreIdParam,
} from './cadre-access.js';
import type { CadreEntryView } from './cadre-chain.js';
import { APPEND_ENTRIES_SCHEMA, CADRE_DRAFT_SCHEMA } from './cadre-schemas.js';
import type { CadrePage } from './cadre.store.js';
import { preferredLanguage } from '../common/language.js';
import { SheetBody } from '../common/route-flags.js';
import { SHEET_MEDIA_TYPES } from '../common/sheet-body-parser.js';
import { invalidField } from '../common/validation.js';
import { CadreImportService, type SheetImportReport } from './cadre-import.service.js';
import { CadresService, parseAsOf, type CadreView } from './cadres.service.js';
import { CadreQueryDto, ListCadresQueryDto } from './dto/list-cadres.query.js';

@ApiTags('cadres')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN: role' })
@Controller('cadres')
export class CadresController {
  constructor(
    private readonly cadres: CadresService,
    private readonly sheets: CadreImportService,
  ) {}

  @Post()
  @Roles(...CADRE_WRITER_ROLES)
  @ApiOperation({
    summary:
      'Create a cadre (201), or apply the draft to the cadre of the same code (200): only what differs is appended',
  })
  @ApiBody({ schema: CADRE_DRAFT_SCHEMA as unknown as Record<string, unknown> })
  @ApiOkResponse({ description: 'The full record' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'REGISTRY_CONFLICT: code taken' })
  async create(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CadreView> {
    const { created, view } = await this.cadres.create(principal, body);
    void reply.status(created ? 201 : 200);
    return view;
  }

  @Post('import')
  @SheetBody()
  @HttpCode(200)
  @Roles(...CADRE_WRITER_ROLES)
  @ApiOperation({
    summary:
      'Import cadres from a CSV or XLSX file (columns in README; natural key "Mã cán bộ"): dryRun=true lists every problem by row and column and writes nothing; otherwise one transaction, idempotent',
  })
  @ApiConsumes(...SHEET_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'dryRun', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: 'What the import did (or would do), and the problems found' })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED: rows with problems, nothing imported',
  })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'FILE_UNREADABLE' })
  importSheet(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Query('dryRun') dryRun: string | undefined,
  ): Promise<SheetImportReport> {
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
      throw invalidField('dryRun', 'isBooleanString', 'dryRun must be true or false');
    }
    return this.sheets.importSheet(principal, body, contentType, {
      dryRun: dryRun === 'true',
      language: preferredLanguage(acceptLanguage),
    });
  }

  @Get()
  @Roles(...CADRE_READER_ROLES)
  @ApiOperation({ summary: 'List cadres in scope by name: id, code, fullName, unitId, postTitle' })
  list(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Query() query: ListCadresQueryDto,
  ): Promise<CadrePage> {
    return this.cadres.list(principal, {
      ...(query.unit === undefined ? {} : { unit: query.unit }),
      ...(query.q === undefined ? {} : { q: query.q }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      limit: query.limit ?? 50,
    });
  }

  @Get(':id')
  @Roles(...CADRE_READER_ROLES)
  @ApiOperation({
    summary:
      'A cadre as of a day (default today): the full record for clerk, organization_board, inspection_commission, auditor, admin; its summary for others',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', cadreIdParam) id: string,
    @Query() query: CadreQueryDto,
  ): Promise<CadreView> {
    return this.cadres.get(principal, id, parseAsOf(query.asOf));
  }

  @Post(':id/entries')
  @HttpCode(200)
  @Roles(...CADRE_WRITER_ROLES)
  @ApiOperation({
    summary: 'Append entries: new items, corrections (supersedes) and withdrawals (void)',
  })
  @ApiBody({ schema: APPEND_ENTRIES_SCHEMA as unknown as Record<string, unknown> })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'REGISTRY_CONFLICT: the entry superseded was already superseded',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'SUPERSEDES_INVALID: no entry of that seq and kind',
  })
  append(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', cadreIdParam) id: string,
    @Body() body: unknown,
  ): Promise<CadreView> {
    return this.cadres.appendEntries(principal, id, body);
  }

  @Get(':id/history')
  @Roles(...CADRE_RECORD_ROLES)
  @ApiOperation({ summary: "Every entry of the cadre's registry, oldest first, with hashes" })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  history(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', cadreIdParam) id: string,
  ): Promise<CadreEntryView[]> {
    return this.cadres.history(principal, id);
  }

  @Get(':id/verify')
  @Roles(...CADRE_READER_ROLES)
  @ApiOperation({ summary: "Recompute the cadre's hash chain and check its row" })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  verify(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', cadreIdParam) id: string,
  ): Promise<ChainVerification> {
    return this.cadres.verify(principal, id);
  }
}
