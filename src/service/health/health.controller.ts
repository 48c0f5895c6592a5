import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { Transactions } from '../database/transactions.js';
import { DeadlineScheduler } from '../deadlines/deadline-scheduler.service.js';

const DATABASE_TIMEOUT_MS = 3000;

export class HealthDto {
  status!: 'ok';
}

/** One check of readiness, as terminus reports it. */
export interface ReadinessCheck {
  status: 'up' | 'down';
  [fact: string]: unknown;
}

export class ReadinessDto {
  status!: 'ok';
  checks!: Record<'database' | 'migrations' | 'scheduler', ReadinessCheck>;
}

const STATUS_OK = {
  schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } },
};

/**
 * Liveness (the process answers), readiness (database, migrations, deadline scheduler) through
 * @nestjs/terminus, and `GET /api/health` as SPEC §2 fixes it: `{"status":"ok"}` once the
 * database answers. A failed readiness is a 503 in the one error shape, the checks in `details`.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Transactions,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly modules: ModuleRef,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Answers 200 once the database answers' })
  @ApiOkResponse(STATUS_OK)
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto })
  async check(): Promise<HealthDto> {
    if (!(await this.database.answers(DATABASE_TIMEOUT_MS))) {
      throw new ServiceUnavailableException('the database does not answer');
    }
    return { status: 'ok' };
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (restart it when this fails)' })
  @ApiOkResponse(STATUS_OK)
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: the database answers, every migration is applied, the deadline scheduler polls',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto })
  async ready(): Promise<ReadinessDto> {
    const result = await this.health
      .check([
        async () => {
          const check = this.indicators.check('database');
          return (await this.database.answers(DATABASE_TIMEOUT_MS))
            ? check.up()
            : check.down({ message: 'the database does not answer' });
        },
        async () => {
          const check = this.indicators.check('migrations');
          const pending = await this.database.pendingMigrations();
          return pending.length === 0 ? check.up() : check.down({ pending });
        },
        () => {
          const check = this.indicators.check('scheduler');
          const scheduler = this.modules.get(DeadlineScheduler, { strict: false });
          const status = scheduler.status();
          return status.state === 'stalled' ? check.down({ ...status }) : check.up({ ...status });
        },
      ])
      .catch((error: unknown) => {
        const response =
          error instanceof ServiceUnavailableException ? error.getResponse() : undefined;
        const checks =
          typeof response === 'object' && response !== null && 'details' in response
            ? response.details
            : undefined;
        throw new ServiceUnavailableException(
          { message: 'the service is not ready', details: { checks } },
          { cause: error },
        );
      });
    return { status: 'ok', checks: result.details as ReadinessDto['checks'] };
  }
}
