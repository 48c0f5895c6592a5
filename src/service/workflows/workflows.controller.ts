import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  type PipeTransform,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { simulateWorkflow, type JsonObject, type SimulationReport } from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { AppError } from '../common/app-error.js';
import { invalidField } from '../common/validation.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { isPositiveInt32, MAX_INT32 } from '../common/int32.js';
import { Clock } from '../common/clock.js';
import { diagramFormat, renderDiagram } from './diagram-response.js';
import {
  PublishedWorkflowDto,
  SimulationReportDto,
  ValidationReportDto,
  WorkflowSummaryDto,
  WorkflowVersionDto,
} from './dto/workflow-response.dto.js';
import { parseSimulationBody, SIMULATION_BODY_SCHEMA } from './simulation-request.js';
import { WorkflowRegistryService, type PublishCheck } from './workflow-registry.service.js';
import { AdminBodyLimit } from '../common/route-flags.js';
import { messages } from '../common/messages.js';

/** A version in a path: a whole number that an integer column holds, else there is none (404). */
const version: PipeTransform<string, number> = {
  transform: (value: string): number => {
    const parsed = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!isPositiveInt32(parsed)) {
      throw new AppError('NOT_FOUND', messages.workflowVersionOutOfRange(String(value), MAX_INT32));
    }
    return parsed;
  },
};

function versionQuery(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    throw invalidField('version', 'isInt', 'version must be a positive whole number');
  }
  return Number(value);
}

const DEFINITION_BODY = {
  schema: {
    type: 'object',
    additionalProperties: true,
    description: 'A workflow definition (see workflows/README.md)',
  },
} as const;

@ApiTags('workflows')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('workflows')
export class WorkflowsController {
  constructor(
    private readonly registry: WorkflowRegistryService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The latest version of every workflow' })
  @ApiOkResponse({ type: WorkflowSummaryDto, isArray: true })
  async list(): Promise<WorkflowSummaryDto[]> {
    return (await this.registry.listLatest()).map((row) => ({
      key: row.key,
      version: row.version,
      title: row.title,
      regulation: row.regulation,
      publishedAt: row.publishedAt,
      source: row.source,
    }));
  }

  @Post('validate')
  @AdminBodyLimit()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Dry run: every problem of a definition, without publishing it',
  })
  @ApiBody(DEFINITION_BODY)
  @ApiConsumes('application/json', 'application/yaml')
  @ApiOkResponse({ type: ValidationReportDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'only admins' })
  validate(@Body() body: JsonObject): Promise<PublishCheck> {
    return this.registry.dryPublish(body);
  }

  @Post('simulate')
  @AdminBodyLimit()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Dry run: open a case of a draft definition in memory and send it events; nothing is stored',
  })
  @ApiBody({ schema: SIMULATION_BODY_SCHEMA as unknown as Record<string, unknown> })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiOkResponse({ type: SimulationReportDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED (request) or DEFINITION_INVALID (the draft)',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'only admins' })
  simulate(@Body() body: unknown): SimulationReport {
    const request = parseSimulationBody(body);
    const compiled = this.registry.compileDraft(request.definition);
    return simulateWorkflow(compiled, {
      subject: request.subject,
      ...(request.data === undefined ? {} : { data: request.data }),
      start: request.start ?? this.clock.now().toISOString(),
      events: request.events,
    });
  }

  @Get(':key/versions')
  @ApiOperation({
    summary: 'Every published version of a workflow, with how many cases are active on each',
  })
  @ApiOkResponse({ type: WorkflowVersionDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async versions(@Param('key') key: string): Promise<WorkflowVersionDto[]> {
    return (await this.registry.versionsWithActiveCases(key)).map(({ row, activeCases }) => ({
      key: row.key,
      version: row.version,
      title: row.title,
      regulation: row.regulation,
      publishedAt: row.publishedAt,
      publishedBy: row.publishedBy,
      source: row.source,
      contentHash: row.contentHash,
      activeCases,
    }));
  }

  @Get(':key/diagram')
  @ApiOperation({
    summary: 'The state diagram of a workflow (latest version, or ?version=)',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['mermaid', 'svg'] })
  @ApiQuery({ name: 'version', required: false, type: Number })
  @ApiProduces('text/plain', 'image/svg+xml')
  @ApiOkResponse({ description: 'Mermaid stateDiagram-v2 text, or a standalone SVG' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'unknown format or bad version' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async diagram(
    @Param('key') key: string,
    @Query('format') format: string | undefined,
    @Query('version') versionParam: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const chosen = diagramFormat(format);
    const wanted = versionQuery(versionParam);
    const compiled =
      wanted === undefined ? await this.registry.latest(key) : await this.registry.get(key, wanted);
    return renderDiagram(reply, chosen, compiled);
  }

  @Get(':key')
  @ApiOperation({
    summary: 'The latest published definition, in the shape POST /api/workflows accepts',
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async latest(@Param('key') key: string): Promise<JsonObject> {
    return (await this.registry.row(key)).document;
  }

  @Get(':key/versions/:version')
  @ApiOperation({ summary: 'One published version of a definition' })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async version(
    @Param('key') key: string,
    @Param('version', version) number: number,
  ): Promise<JsonObject> {
    return (await this.registry.row(key, number)).document;
  }

  @Post()
  @AdminBodyLimit()
  @Roles('admin')
  @ApiOperation({ summary: "Publish a definition as its key's next version (validated first)" })
  @ApiBody(DEFINITION_BODY)
  @ApiConsumes('application/json', 'application/yaml')
  @ApiCreatedResponse({ type: PublishedWorkflowDto, description: 'a new version' })
  @ApiOkResponse({
    type: PublishedWorkflowDto,
    description: 'the content is that of the latest version: that version, nothing published',
  })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'DEFINITION_INVALID with details.problems (every problem, located)',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'only admins publish' })
  async publish(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Body() body: JsonObject,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublishedWorkflowDto> {
    const { key, version, created } = await this.registry.publish(body, principal.id);
    if (!created) void reply.status(200);
    return { key, version };
  }
}
