/**
 * The due day of a running deadline, whatever it counts from: the state's entry (`startedAt`),
 * a date of the case (`countedFrom`: a resignation letter's receipt), forward or back (a notice
 * due before a term ends). The one function the service's deadline store should call.
 */
import type { Calendar } from '../calendar/calendar.js';
import {
  computeDeadline,
  computeDeadlineBefore,
  type DeadlineComputation,
} from '../calendar/compute-deadline.js';
import type { ActiveDeadline } from '../compiler/case-context.js';

export function deadlineDueOn(
  deadline: Pick<ActiveDeadline, 'startedAt' | 'countedFrom' | 'direction' | 'amount' | 'unit'>,
  calendar: Calendar,
): DeadlineComputation {
  const from = deadline.countedFrom ?? deadline.startedAt;
  return deadline.direction === 'before'
    ? computeDeadlineBefore(from, deadline.amount, deadline.unit, calendar)
    : computeDeadline(from, deadline.amount, deadline.unit, calendar);
}
