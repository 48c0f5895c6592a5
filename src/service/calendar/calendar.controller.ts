import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
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
import { validationFailed } from '../common/validation.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import {
  CalendarService,
  type CalendarYearPublished,
  type CalendarYearSummary,
  type CalendarYearView,
} from './calendar.service.js';
import { AdminBodyLimit } from '../common/route-flags.js';

const yearParam = new ParseIntPipe({
  exceptionFactory: () =>
    validationFailed(
      [{ path: 'year', constraint: 'isInt', message: 'year must be a whole number' }],
      'the year must be a whole number',
    ),
});

const YEAR_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description:
    'A calendar year: {provisional, sources, holidays, daysOff, makeUpWorkingDays, notes?} (src/engine/calendar/README.md)',
} as const;

@ApiTags('calendar')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('years')
  @ApiOperation({ summary: 'The years the working-day calendar covers, and where each comes from' })
  @ApiOkResponse({
    schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
  })
  listYears(): Promise<CalendarYearSummary[]> {
    return this.calendar.listYears();
  }

  @Get('years/:year')
  @ApiOperation({
    summary: "One year's data, with its non-working weekdays and worked weekend days",
  })
  @ApiOkResponse({ schema: YEAR_SCHEMA })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'the calendar does not cover the year',
  })
  getYear(@Param('year', yearParam) year: number): Promise<CalendarYearView> {
    return this.calendar.getYear(year);
  }

  @Put('years/:year')
  @AdminBodyLimit()
  @Roles('admin')
  @ApiOperation({
    summary:
      "Replace a year with the government's announced days; pending due dates the year affects are recomputed",
  })
  @ApiBody({ schema: YEAR_SCHEMA })
  @ApiOkResponse({ schema: YEAR_SCHEMA })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED with details.errors (every problem, with its path)',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'only admins edit the calendar' })
  putYear(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Param('year', yearParam) year: number,
    @Body() body: JsonObject,
  ): Promise<CalendarYearPublished> {
    return this.calendar.putYear(principal, year, body);
  }
}
