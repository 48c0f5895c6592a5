import { Injectable } from '@nestjs/common';
import {
  CalendarCoverageError,
  cadreAsOf,
  reminderProfileFrom,
  remindersFor,
  vietnamDate,
  type CadreRecord,
  type Reminder,
  type ReminderProfile,
} from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { toRegistryEntry } from '../cadres/cadre-chain.js';
import { CadreStore } from '../cadres/cadre.store.js';
import { Clock } from '../common/clock.js';
import { invalidField } from '../common/validation.js';
import { Transactions } from '../database/transactions.js';
import { UnitDirectory } from '../units/unit-directory.js';
import { WorkflowRegistryService } from '../workflows/workflow-registry.service.js';

export interface ReminderItem extends Reminder {
  readonly code: string;
  readonly fullName: string;
  readonly unitId: string;
}

export interface ReminderList {
  readonly today: string;
  readonly within: number;
  /** The definition whose parameters set the notice periods, and those periods. */
  readonly profile: { readonly workflow: string; readonly version: number } & ReminderProfile;
  readonly items: ReminderItem[];
}

export interface ReminderQuery {
  /** Only this unit's subtree (inside the caller's scope). */
  readonly unit?: string;
  readonly within: number;
  /** A definition with `reappointmentNotice` (appointment: QĐ 377; appointment-state: NĐ 170). */
  readonly workflow: string;
}

/**
 * What falls due in the registry (SPEC §7): terms ending with their notice day, retirements,
 * assignments, discipline waits and freezes ending — the pure `remindersFor` over every cadre
 * of the caller's scope as the registry says today, with the working-day calendar in force and
 * the notice periods of the chosen definition's latest version.
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cadres: CadreStore,
    private readonly calendars: CalendarService,
    private readonly workflows: WorkflowRegistryService,
    private readonly clock: Clock,
    private readonly units: UnitDirectory,
  ) {}

  async list(principal: AuthenticatedPrincipal, request: ReminderQuery): Promise<ReminderList> {
    const compiled = await this.workflows.latest(request.workflow);
    let profile: ReminderProfile;
    try {
      profile = reminderProfileFrom(compiled.parameters);
    } catch (error) {
      throw invalidField('profile', 'hasReminderParameters', {
        en: `workflow ${request.workflow} has no reminder parameters (${(error as Error).message})`,
        vi: `Quy trình ${request.workflow} không có tham số nhắc việc (${(error as Error).message})`,
      });
    }
    const scope = await this.units.narrow(principal.scope, request.unit);
    const today = vietnamDate(this.clock.now().toISOString());
    // One transaction (`run`, not `read`): CadreStore reads through the transaction's own
    // connection (sqlSession), which PostgreSQL only has inside one — `read` was a 500 there.
    const { calendar, found } = await this.transactions.run(async (manager) => ({
      calendar: await this.calendars.calendarIn(manager),
      found: await this.cadres.withEntries(manager, scope),
    }));
    const records: CadreRecord[] = [];
    const rows = new Map(found.map(({ row }) => [row.id, row]));
    for (const { row, entries } of found) {
      const record = cadreAsOf(entries.map(toRegistryEntry), row);
      if (record) records.push(record);
    }
    let reminders: Reminder[];
    try {
      reminders = remindersFor(records, { today, within: request.within, calendar, profile });
    } catch (error) {
      if (!(error instanceof CalendarCoverageError)) throw error;
      throw invalidField('within', 'withinCalendar', {
        en: `the reminders reach a year the working-day calendar does not cover: ${error.message}`,
        vi: `Khoảng nhắc việc vượt quá các năm có lịch ngày làm việc: ${error.message}`,
      });
    }
    return {
      today,
      within: request.within,
      profile: { workflow: request.workflow, version: compiled.definition.version, ...profile },
      items: reminders.map((reminder) => {
        const row = rows.get(reminder.cadreId);
        return {
          ...reminder,
          code: row?.code ?? '',
          fullName: row?.fullName ?? '',
          unitId: row?.unitId ?? '',
        };
      }),
    };
  }
}
