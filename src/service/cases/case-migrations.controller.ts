import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { OVERSIGHT_ROLES } from '../auth/principal-roles.js';
import { Roles } from '../auth/roles.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { preferredLanguage } from '../common/language.js';
import { caseIdParam } from './case-not-found.js';
import {
  CaseMigrationsService,
  type BulkMigrationReport,
  type MigrationReport,
} from './case-migrations.service.js';
import type { CaseView } from './case-view.js';
import { CaseResponseDto } from './dto/case-response.dto.js';
import { MigrateCaseDto, MigrationDryRunDto } from './dto/migrate-case.dto.js';

/**
 * Instance migration (chuyển phiên bản): what moving running cases to another version of their
 * workflow would mean (auditor, admin), and the move itself (admin, on the authority's document).
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN' })
@Controller()
export class CaseMigrationsController {
  constructor(private readonly migrations: CaseMigrationsService) {}

  @Post('cases/:id/migrate/dry-run')
  @HttpCode(200)
  @Roles(...OVERSIGHT_ROLES)
  @ApiOperation({
    summary:
      "Plan moving a case to another version: whether its state exists there (or the mapping's), which deadlines and parameters change, why not",
  })
  @ApiOkResponse({
    description: 'The plan: possible, state, deadlines, parameters, reasons, warnings',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'unknown case or version' })
  dryRun(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', caseIdParam) id: string,
    @Body() dto: MigrationDryRunDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<MigrationReport> {
    return this.migrations.dryRun(principal, id, dto, preferredLanguage(acceptLanguage));
  }

  @Post('cases/:id/migrate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Move a case to another version of its workflow: a MIGRATE history entry with both versions, the document and the mapping',
  })
  @ApiOkResponse({ type: CaseResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'unknown case or version' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'REVISION_CONFLICT, CASE_INCONSISTENT',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description:
      'RULE_NOT_SATISFIED (details.rule: migration, details.reasons): the move is not possible',
  })
  migrate(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', caseIdParam) id: string,
    @Body() dto: MigrateCaseDto,
  ): Promise<CaseView> {
    return this.migrations.migrate(principal, id, dto);
  }

  @Post('workflows/:key/migrate/dry-run')
  @HttpCode(200)
  @Roles(...OVERSIGHT_ROLES)
  @ApiOperation({ summary: 'Plan moving every running case of a workflow to a version' })
  @ApiOkResponse({
    description: 'Per case: possible, the target state, the reasons; and the counts',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'unknown workflow or version' })
  dryRunKey(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('key') key: string,
    @Body() dto: MigrationDryRunDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<BulkMigrationReport> {
    return this.migrations.dryRunKey(principal, key, dto, preferredLanguage(acceptLanguage));
  }
}
