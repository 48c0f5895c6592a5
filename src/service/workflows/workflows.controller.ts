import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { JsonObject } from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { AppError } from '../common/app-error.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { PublishedWorkflowDto, WorkflowSummaryDto } from './dto/workflow-response.dto.js';
import { WorkflowRegistryService } from './workflow-registry.service.js';

const version = new ParseIntPipe({
  exceptionFactory: () => new AppError('NOT_FOUND', 'a workflow version is a whole number'),
});

@ApiTags('workflows')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly registry: WorkflowRegistryService) {}

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
  @Roles('admin')
  @ApiOperation({ summary: "Publish a definition as its key's next version (validated first)" })
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: true,
      description: 'A workflow definition (see workflows/README.md)',
    },
  })
  @ApiCreatedResponse({ type: PublishedWorkflowDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'DEFINITION_INVALID with details.problems (every problem, located)',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'only admins publish' })
  publish(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Body() body: JsonObject,
  ): Promise<PublishedWorkflowDto> {
    return this.registry.publish(body, principal.id);
  }
}
