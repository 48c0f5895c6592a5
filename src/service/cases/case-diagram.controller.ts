import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { CASE_READER_ROLES } from '../auth/principal-roles.js';
import { Roles } from '../auth/roles.decorator.js';
import { AppError } from '../common/app-error.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { diagramFormat, renderDiagram } from '../workflows/diagram-response.js';
import { WorkflowRegistryService } from '../workflows/workflow-registry.service.js';
import { caseIdParam } from './case-not-found.js';
import { MIGRATE_EVENT } from './case-replay.js';
import { CasesService } from './cases.service.js';
import { messages } from '../common/messages.js';

/** The diagram of a case's workflow version with the path it took and where it is now. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('cases')
export class CaseDiagramController {
  constructor(
    private readonly cases: CasesService,
    private readonly workflows: WorkflowRegistryService,
  ) {}

  @Get(':id/diagram')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({
    summary:
      "The case's workflow diagram (its pinned version): the states it went through and the current one highlighted",
  })
  @ApiQuery({ name: 'format', required: false, enum: ['mermaid', 'svg'] })
  @ApiProduces('text/plain', 'image/svg+xml')
  @ApiOkResponse({ description: 'Mermaid stateDiagram-v2 text, or a standalone SVG' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'unknown format' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async diagram(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('id', caseIdParam) id: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const chosen = diagramFormat(format);
    // The history is one consistent read: its first entry names the pinned version (a MIGRATE
    // entry the version moved to), every entry's `to` is a step of the path, and the last one is
    // where the case is now.
    const history = await this.cases.history(principal, id, 'diagram');
    const [created] = history;
    const last = history[history.length - 1];
    const key = created?.payload['workflow'];
    // The version it runs on: the one it was opened on, or the last an admin moved it to.
    const moved = history.filter((entry) => entry.event === MIGRATE_EVENT).pop();
    const version = moved ? moved.payload['toVersion'] : created?.payload['workflowVersion'];
    if (!created || !last || typeof key !== 'string' || typeof version !== 'number') {
      throw new AppError('NOT_FOUND', messages.caseHistoryUnreadable(id));
    }
    const compiled = await this.workflows.get(key, version);
    return renderDiagram(reply, chosen, compiled, {
      path: history.map((entry) => entry.to),
      current: last.to,
    });
  }
}
