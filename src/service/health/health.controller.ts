import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { Transactions } from '../database/transactions.js';

const DATABASE_TIMEOUT_MS = 3000;

export class HealthDto {
  status!: 'ok';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: Transactions) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Answers 200 once the database answers' })
  @ApiOkResponse({
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } },
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto })
  async check(): Promise<HealthDto> {
    if (!(await this.database.answers(DATABASE_TIMEOUT_MS))) {
      throw new ServiceUnavailableException('the database does not answer');
    }
    return { status: 'ok' };
  }
}
