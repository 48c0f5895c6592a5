import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/index.js';

/** An event sent to a case: its type, payload and comment. */
export interface DeadlineEvent {
  readonly type: string;
  readonly payload?: JsonObject;
  readonly comment?: string;
}

/**
 * The port through which the deadline scheduler sends the event an expired deadline declares,
 * as the `system` actor (implemented by CasesService; see DeadlineSchedulerModule).
 */
export abstract class DeadlineEvents {
  /**
   * Sends `event` to the case inside the caller's open transaction, through the same path as a
   * principal's event. A refusal throws an AppError before anything is written.
   */
  abstract sendSystemEvent(
    manager: EntityManager,
    caseId: string,
    event: DeadlineEvent,
    now: string,
  ): Promise<void>;
}
