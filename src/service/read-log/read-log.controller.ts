import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { OVERSIGHT_ROLES } from '../auth/principal-roles.js';
import { Roles } from '../auth/roles.decorator.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ReadLogPageDto, ReadLogQueryDto } from './dto/read-log.query.js';
import { ReadLogService } from './read-log.service.js';
import type { ReadLogPage } from './read-log.store.js';

@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'auditors and admins only' })
@Roles(...OVERSIGHT_ROLES)
@Controller('read-log')
export class ReadLogController {
  constructor(private readonly readLog: ReadLogService) {}

  @Get()
  @ApiOperation({
    summary: 'Who read what: reads of cases, histories, diagrams, verifications, exports, digests',
    description:
      'Newest first, a page {items, nextCursor}; only the entries whose unit is in the caller’s scope.',
  })
  @ApiOkResponse({ type: ReadLogPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  list(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Query() query: ReadLogQueryDto,
  ): Promise<ReadLogPage> {
    return this.readLog.page(principal, { ...query, limit: query.limit ?? 100 });
  }
}
