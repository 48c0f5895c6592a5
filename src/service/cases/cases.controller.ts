import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { CASE_READER_ROLES, PROCEDURE_ROLES } from '../auth/principal-roles.js';
import { Roles } from '../auth/roles.decorator.js';
import { invalidField } from '../common/validation.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import type { CaseView } from './case-view.js';
import type { HistoryEntryView, ChainVerification } from '../history/chain.js';
import { HistoryEntryDto } from '../history/history-entry.dto.js';
import { caseIdParam } from './case-not-found.js';
import { CasesService, type CasePage } from './cases.service.js';
import { CasePageDto, CaseResponseDto, VerifyResponseDto } from './dto/case-response.dto.js';
import { ListCasesQueryDto } from './dto/list-cases.query.js';
import { OpenCaseDto } from './dto/open-case.dto.js';
import { SendEventDto } from './dto/send-event.dto.js';
import { messages } from '../common/messages.js';

function idempotencyKeyOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) {
    throw invalidField('Idempotency-Key', 'isIdempotencyKey', messages.idempotencyKeyInvalid());
  }
  return value;
}

@ApiTags('cases')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED' })
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'FORBIDDEN: role or separation of duties',
})
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('clerk')
  @ApiOperation({
    summary: 'Open a case on the version in force on startedOn (default today), or the one named',
  })
  @ApiCreatedResponse({ type: CaseResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED (body or subject schema)',
  })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'NOT_FOUND: unknown workflow or version',
  })
  open(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Body() dto: OpenCaseDto,
  ): Promise<CaseView> {
    return this.cases.open(principal, dto);
  }

  @Get()
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: 'List cases, newest first, with filters and cursor pagination' })
  @ApiOkResponse({ type: CasePageDto })
  list(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Query() query: ListCasesQueryDto,
  ): Promise<CasePage> {
    return this.cases.list(principal, { ...query, limit: query.limit ?? 50 });
  }

  @Get(':id')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: 'A case, with the events the caller may send now' })
  @ApiOkResponse({ type: CaseResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', caseIdParam) id: string,
  ): Promise<CaseView> {
    return this.cases.get(principal, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles(...PROCEDURE_ROLES)
  @ApiOperation({ summary: 'Send an event to a case (one transaction: state, history, deadlines)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeats with the same key and body return the first response.',
  })
  @ApiOkResponse({ type: CaseResponseDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED: body, payload schema, inconsistent tally',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'EVENT_NOT_ALLOWED (details.allowed), REVISION_CONFLICT, or CASE_INCONSISTENT (the case row disagrees with its history: an integrity alarm)',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'RULE_NOT_SATISFIED (details.rule, details.reason) or IDEMPOTENCY_KEY_REUSED',
  })
  async sendEvent(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', caseIdParam) id: string,
    @Body() dto: SendEventDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CaseView> {
    return this.cases.sendEvent(principal, id, dto, idempotencyKeyOf(idempotencyKey));
  }

  @Get(':id/history')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: 'Every history entry of the case, oldest first' })
  @ApiOkResponse({ type: HistoryEntryDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  history(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', caseIdParam) id: string,
  ): Promise<HistoryEntryView[]> {
    return this.cases.history(principal, id);
  }

  @Get(':id/verify')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: "Recompute the case's hash chain" })
  @ApiOkResponse({ type: VerifyResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  verify(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', caseIdParam) id: string,
  ): Promise<ChainVerification> {
    return this.cases.verify(principal, id);
  }
}
