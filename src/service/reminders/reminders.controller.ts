import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { CADRE_RECORD_ROLES, assertUnitInScope } from '../cadres/cadre-access.js';
import { invalidField } from '../common/validation.js';
import { RemindersService, type ReminderList } from './reminders.service.js';

const WITHIN = /^(\d{1,4})d?$/;
const MAX_WITHIN_DAYS = 3660;
const WORKFLOW_KEY = /^[a-z][a-z0-9-]{0,63}$/;

/** `90d` or `90`: calendar days ahead, 0 … 3660. */
export const parseWithin = (value: string | undefined): number => {
  if (value === undefined || value === '') return 90;
  const match = WITHIN.exec(value);
  const days = match ? Number(match[1]) : Number.NaN;
  if (!(days >= 0 && days <= MAX_WITHIN_DAYS)) {
    throw invalidField('within', 'isDuration', {
      en: `within must be a number of days from 0 to ${MAX_WITHIN_DAYS}, like 90d`,
      vi: `within phải là số ngày từ 0 đến ${MAX_WITHIN_DAYS}, ví dụ 90d`,
    });
  }
  return days;
};

@ApiTags('cadres')
@ApiBearerAuth()
@Controller('reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @Roles(...CADRE_RECORD_ROLES)
  @ApiOperation({
    summary:
      'What falls due in the registry of your scope: terms ending (with the notice day), retirements, assignments, discipline waits and freezes ending',
  })
  @ApiQuery({ name: 'unit', required: false, description: 'Only this unit and the units below it' })
  @ApiQuery({
    name: 'within',
    required: false,
    example: '90d',
    description: 'Days ahead (default 90d)',
  })
  @ApiQuery({
    name: 'profile',
    required: false,
    example: 'appointment',
    description:
      'The definition whose notice periods apply: appointment (QĐ 377, default) or appointment-state (NĐ 170)',
  })
  @ApiOkResponse({ description: 'The reminders, soonest notice first' })
  list(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Query('unit') unit: string | undefined,
    @Query('within') within: string | undefined,
    @Query('profile') profile: string | undefined,
  ): Promise<ReminderList> {
    const workflow = profile ?? 'appointment';
    if (!WORKFLOW_KEY.test(workflow)) {
      throw invalidField('profile', 'isWorkflowKey', 'profile must be a workflow key');
    }
    if (unit !== undefined) assertUnitInScope(principal, unit, 'unit');
    return this.reminders.list(principal, {
      within: parseWithin(within),
      workflow,
      ...(unit === undefined ? {} : { unitIds: new Set([unit]) }),
    });
  }
}
