/**
 * Reminders from the cadre registry (SPEC §7): what falls due for each cadre — a term ending (the
 * reappointment notice), a retirement, a rotation or secondment ending, a discipline's waiting
 * period ending, a freeze ending — with the day the event happens (`dueOn`) and the day to act
 * (`noticeOn`). Pure: the shell feeds it registry records, a date and a calendar, and schedules
 * what it returns through the deadline machinery; `key` makes that idempotent.
 *
 * Notice periods are counted back from the event with `computeDeadlineBefore`: the last working
 * day from which the period, counted forward as the Civil Code counts it, still ends on or before
 * the event (QĐ 377 Art. 40: 90 working days; NĐ 170 Art. 39: 90 days).
 */
import type { Calendar } from '../calendar/calendar.js';
import {
  addDays,
  addMonths,
  compareDates,
  formatYearsAndMonths,
  wholeMonthsBetween,
  yearsAndMonthsBetween,
  type CivilDate,
} from '../calendar/civil-date.js';
import { computeDeadlineBefore } from '../calendar/compute-deadline.js';
import { isJsonObject, type JsonValue } from '../definition/json.js';
import type { DeadlineUnit } from '../definition/workflow-definition.js';
import type { CadreRecord, RegisterKind } from '../registry/cadre-registry.js';
import type { DisciplineLevel } from '../rules/eligibility.js';
import { statutoryRetirementAge, statutoryRetirementDate } from '../rules/retirement.js';

export const REMINDER_KINDS = [
  'termEnd',
  'retirement',
  'assignmentEnd',
  'disciplineWaitEnd',
  'freezeEnd',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** A notice period before an event, with the text that sets it. */
export interface NoticePeriod {
  readonly amount: number;
  readonly unit: DeadlineUnit;
  readonly source?: string;
}

/** The parameters of a regulation profile that reminders read (a definition's `parameters`). */
export interface ReminderProfile {
  /** QĐ 377 Art. 40: 90 WORKING_DAY; NĐ 170 Art. 39: 90 DAY. */
  readonly reappointmentNotice: NoticePeriod;
  /** Before the statutory retirement date; see DEFAULT_RETIREMENT_NOTICE. */
  readonly retirementNotice: NoticePeriod;
  /** Before a rotation or secondment ends; absent: remind on the day it ends. */
  readonly assignmentEndNotice?: NoticePeriod;
  /** QĐ 377 Art. 20: 24 / 36 / 60 months. */
  readonly disciplineWaitMonths: Readonly<Record<DisciplineLevel, number>> & {
    readonly source?: string;
  };
}

/**
 * 6 months before the retirement date: the written notice of the retirement moment that NĐ
 * 46/2010/NĐ-CP Art. 3 required, carried into the civil-service decrees since [M: the article
 * in force under NĐ 170/2025 not checked]. A profile parameter, so a definition can change it.
 */
export const DEFAULT_RETIREMENT_NOTICE: NoticePeriod = {
  amount: 6,
  unit: 'MONTH',
  source: 'NĐ 46/2010/NĐ-CP, Điều 3 (6 tháng) [M]',
};

export interface ReminderOptions {
  /** The day the list is made for (Vietnam). */
  readonly today: CivilDate;
  /** Calendar days ahead: a reminder is listed when its notice day is on or before today + within. */
  readonly within: number;
  readonly calendar: Calendar;
  readonly profile: ReminderProfile;
}

export interface ReminderBasis {
  /** The rule applied, with its legal source. */
  readonly rule: string;
  /** How `dueOn` and `noticeOn` were computed, for the audit. */
  readonly explanation: string;
  /** A day the count relied on is in a calendar year not yet announced. */
  readonly provisional: boolean;
}

export interface Reminder {
  readonly cadreId: string;
  readonly kind: ReminderKind;
  /** The day of the event: the term's last day, the retirement date, the assignment's end … */
  readonly dueOn: CivilDate;
  /** The last day to act (issue the notice, prepare the return); ≤ dueOn. */
  readonly noticeOn: CivilDate;
  /** True when `noticeOn` is before `today`: the notice is late, the event still ahead. */
  readonly late: boolean;
  /**
   * termEnd only: the procedure the notice opens — `extension` (kéo dài) when fewer than 2 years
   * remain before retirement at the term's end, else `reappointment` (domain.md §3.3).
   */
  readonly opens?: 'reappointment' | 'extension';
  /** The register item the reminder comes from (its stable identity), none for retirement. */
  readonly source?: { readonly register: RegisterKind; readonly firstSeq: number };
  /** Stable across runs for the same fact: the scheduler's idempotency key. */
  readonly key: string;
  readonly basis: ReminderBasis;
}

/** The reminder profile in a definition's parameters (`reappointmentNotice`, …), with defaults. */
export function reminderProfileFrom(
  parameters: Readonly<Record<string, JsonValue>>,
): ReminderProfile {
  const notice = (name: string): NoticePeriod | undefined => {
    const value = parameters[name];
    if (!isJsonObject(value)) return undefined;
    const { amount, unit, source } = value;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
      throw new RangeError(`parameters.${name}.amount must be a whole number ≥ 1`);
    }
    if (unit !== 'DAY' && unit !== 'WORKING_DAY' && unit !== 'MONTH') {
      throw new RangeError(`parameters.${name}.unit must be DAY, WORKING_DAY or MONTH`);
    }
    return { amount, unit, ...(typeof source === 'string' && { source }) };
  };
  const reappointmentNotice = notice('reappointmentNotice');
  if (reappointmentNotice === undefined) {
    throw new RangeError('parameters.reappointmentNotice is required for reminders');
  }
  const waits = parameters['disciplineWaitMonths'];
  if (!isJsonObject(waits)) {
    throw new RangeError('parameters.disciplineWaitMonths is required for reminders');
  }
  const month = (level: DisciplineLevel): number => {
    const value = waits[level];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`parameters.disciplineWaitMonths.${level} must be a whole number ≥ 0`);
    }
    return value;
  };
  const assignmentEndNotice = notice('assignmentEndNotice');
  return {
    reappointmentNotice,
    retirementNotice: notice('retirementNotice') ?? DEFAULT_RETIREMENT_NOTICE,
    ...(assignmentEndNotice !== undefined && { assignmentEndNotice }),
    disciplineWaitMonths: {
      reprimand: month('reprimand'),
      warning: month('warning'),
      removal: month('removal'),
      ...(typeof waits['source'] === 'string' && { source: waits['source'] }),
    },
  };
}

/** Calendar days a notice period can span at most, to skip far events before counting. */
function longestSpan(period: NoticePeriod | undefined): number {
  if (period === undefined) return 0;
  if (period.unit === 'DAY') return period.amount + 31;
  if (period.unit === 'MONTH') return period.amount * 31 + 31;
  // Five working days a week, less holidays: Tết alone can take nine days in a row.
  return Math.ceil((period.amount * 7) / 5) + 60;
}

/**
 * What the time left before retirement at the term's end means for the case the notice opens
 * (domain.md §3.3, NĐ 138 Art. 49 [S:R16]): under 2 years, extension to retirement (kéo dài)
 * instead of reappointment; under 5 years, a reappointment whose term runs to retirement.
 */
function retirementNote(termEndsOn: CivilDate, retirementDate: CivilDate): string {
  const left = yearsAndMonthsBetween(termEndsOn, retirementDate);
  const months = wholeMonthsBetween(termEndsOn, retirementDate);
  const span = `${formatYearsAndMonths(left)} to retirement on ${retirementDate}`;
  if (months < 24) return `${span}: extension to retirement (kéo dài), not reappointment`;
  if (months < 60) return `${span}: a reappointment would run to retirement`;
  return span;
}

const UNIT_TEXT: Readonly<Record<DeadlineUnit, string>> = {
  DAY: 'days',
  WORKING_DAY: 'working days',
  MONTH: 'months',
};

/**
 * The reminders for `records` whose notice day falls on or before `today + within` and whose
 * event is not past (`dueOn ≥ today`), sorted by notice day, event day, cadre and kind.
 * A term that ends on the statutory retirement date gives no term reminder: the retirement one
 * covers it (no reappointment past retirement, domain.md §3.3). Throws a CalendarCoverageError
 * when a notice it must compute reaches a year the calendar lacks.
 */
export function remindersFor(
  records: readonly CadreRecord[],
  options: ReminderOptions,
): Reminder[] {
  const { today, within, calendar, profile } = options;
  if (!Number.isSafeInteger(within) || within < 0) {
    throw new RangeError(`within must be a whole number of days ≥ 0, not ${within}`);
  }
  const horizon = addDays(today, within);
  const reminders: Reminder[] = [];

  const consider = (
    record: CadreRecord,
    kind: ReminderKind,
    dueOn: CivilDate,
    period: NoticePeriod | undefined,
    rule: string,
    what: string,
    source?: Reminder['source'],
    opens?: Reminder['opens'],
  ) => {
    if (compareDates(dueOn, today) < 0) return;
    if (compareDates(addDays(dueOn, -longestSpan(period)), horizon) > 0) return;
    let noticeOn = dueOn;
    let explanation = `${what} on ${dueOn}; no notice period: reminded for that day.`;
    let provisional = false;
    if (period !== undefined) {
      const notice = computeDeadlineBefore(dueOn, period.amount, period.unit, calendar);
      noticeOn = notice.dueOn;
      provisional = notice.provisional;
      explanation = `${what} on ${dueOn}; notice ${period.amount} ${UNIT_TEXT[period.unit]} before it${period.source ? ` (${period.source})` : ''}: ${notice.explanation}`;
    }
    if (compareDates(noticeOn, horizon) > 0) return;
    reminders.push({
      cadreId: record.id,
      kind,
      dueOn,
      noticeOn,
      late: compareDates(noticeOn, today) < 0,
      ...(source !== undefined && { source }),
      ...(opens !== undefined && { opens }),
      key: `${record.id}:${kind}:${source ? `${source.register}#${source.firstSeq}` : 'person'}:${dueOn}`,
      basis: { rule, explanation, provisional },
    });
  };

  for (const record of records) {
    const person = record.person.data;
    const retirementDate = statutoryRetirementDate(person.gender, person.dateOfBirth);
    const age = statutoryRetirementAge(person.gender, person.dateOfBirth);
    consider(
      record,
      'retirement',
      retirementDate,
      profile.retirementNotice,
      'Labour Code 2019 Art. 169(2), NĐ 135/2020/NĐ-CP Art. 4: statutory retirement age by the roadmap; retirement at the end of the last day of the month the age is reached',
      `Born ${person.dateOfBirth} (${person.gender}): retirement age ${age.years}y${age.months}m, retirement date`,
    );
    for (const post of record.posts) {
      const { termEndsOn, endedOn, postTitle } = post.data;
      if (termEndsOn === undefined || endedOn !== undefined) continue;
      if (compareDates(termEndsOn, retirementDate) >= 0) continue;
      consider(
        record,
        'termEnd',
        termEndsOn,
        profile.reappointmentNotice,
        'Reappointment notice before the term ends (QĐ 377-QĐ/TW Art. 40; NĐ 170/2025/NĐ-CP Art. 39)',
        `Term of "${postTitle}" ends (${retirementNote(termEndsOn, retirementDate)})`,
        { register: 'post', firstSeq: post.firstSeq },
        wholeMonthsBetween(termEndsOn, retirementDate) < 24 ? 'extension' : 'reappointment',
      );
    }
    for (const assignment of record.assignments) {
      const { endsOn, kind } = assignment.data;
      if (endsOn === undefined) continue;
      consider(
        record,
        'assignmentEnd',
        endsOn,
        profile.assignmentEndNotice,
        kind === 'rotation'
          ? 'End of a rotation (luân chuyển, QĐ 65-QĐ/TW)'
          : 'End of a secondment (biệt phái)',
        `${kind === 'rotation' ? 'Rotation' : 'Secondment'} ends`,
        { register: 'assignment', firstSeq: assignment.firstSeq },
      );
    }
    for (const discipline of record.disciplines) {
      const { level, effectiveOn, decisionNumber } = discipline.data;
      const months = profile.disciplineWaitMonths[level];
      consider(
        record,
        'disciplineWaitEnd',
        addMonths(effectiveOn, months),
        undefined,
        `Waiting period after a discipline: ${months} months for a ${level} (${profile.disciplineWaitMonths.source ?? 'profile parameter disciplineWaitMonths'}); over on the day effectiveOn + the months is reached`,
        `${level} ${decisionNumber} effective ${effectiveOn} + ${months} months: waiting period over`,
        { register: 'discipline', firstSeq: discipline.firstSeq },
      );
    }
    for (const freeze of record.freezes) {
      const { until, liftedOn, kind, source } = freeze.data;
      if (until === undefined || liftedOn !== undefined) continue;
      consider(
        record,
        'freezeEnd',
        until,
        undefined,
        'A freeze (HD 02-HD/TW) ends: procedures it suspended may resume after this day',
        `Freeze (${kind}, ${source}) last day`,
        { register: 'freeze', firstSeq: freeze.firstSeq },
      );
    }
  }
  const order = (kind: ReminderKind) => REMINDER_KINDS.indexOf(kind);
  return reminders.sort(
    (a, b) =>
      compareDates(a.noticeOn, b.noticeOn) ||
      compareDates(a.dueOn, b.dueOn) ||
      (a.cadreId < b.cadreId ? -1 : a.cadreId > b.cadreId ? 1 : 0) ||
      order(a.kind) - order(b.kind) ||
      a.key.localeCompare(b.key),
  );
}
