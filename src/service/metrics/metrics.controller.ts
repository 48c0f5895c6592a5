import { Controller, Get, Header, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OVERSIGHT_ROLES } from '../auth/principal-roles.js';
import { Roles } from '../auth/roles.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { Metrics } from './metrics.js';

@ApiTags('metrics')
@ApiBearerAuth('bearer')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Roles(...OVERSIGHT_ROLES)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'Prometheus metrics of this process (auditor, admin): transitions, error codes, deadline lag, HTTP latency, pool',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    void reply.header('content-type', contentType);
    return body;
  }
}
