/**
 * Suspension and resumption (HD 02-HD/TW: a freeze suspends the whole process), anchored
 * deadlines and `effectiveFrom`: the definition format's additions of issue 13.
 */
import { describe, expect, it } from '@jest/globals';
import {
  compileWorkflow,
  startWorkflow,
  stepWorkflow,
  validateDefinition,
  type JsonObject,
  type StepAccepted,
  type StoredSnapshot,
} from '../../../src/engine/index.js';

const clerk = { id: 'clerk-1', roles: ['clerk'] };
const board = { id: 'board-1', roles: ['organization_board'] };
const NOW = '2026-03-02T03:00:00Z';

function definition(): JsonObject {
  return {
    key: 'hold',
    version: 1,
    title: { vi: 'Mẫu', en: 'Sample' },
    regulation: 'test',
    effectiveFrom: '2025-10-08',
    initial: 'draft',
    on: {
      HOLD: { roles: ['organization_board'], target: '#held' },
    },
    states: {
      draft: {
        on: {
          SUBMIT: {
            roles: ['clerk'],
            payload: { type: 'object', properties: { receivedOn: { type: 'string' } } },
            actions: [{ type: 'recordFacts', params: { as: 'letter' } }],
            target: 'review',
          },
        },
      },
      review: {
        initial: 'first',
        deadlines: [
          {
            name: 'answer',
            amount: 10,
            unit: 'WORKING_DAY',
            from: 'facts.letter.receivedOn',
            onExpiry: { markOverdue: true },
          },
        ],
        states: {
          first: { on: { NEXT: { roles: ['clerk'], target: 'second' } } },
          second: { on: { SUBMIT: { roles: ['clerk'], target: '#done' } } },
        },
      },
      held: {
        suspension: true,
        on: {
          HOLD: {
            roles: ['organization_board'],
            actions: [{ type: 'recordFacts', params: { as: 'hold' } }],
          },
          RELEASE: { roles: ['organization_board'], target: '$resume' },
        },
      },
      done: { type: 'final' },
    },
  };
}

function send(
  compiled: ReturnType<typeof compileWorkflow>,
  snapshot: StoredSnapshot,
  type: string,
  actor = clerk,
  payload: JsonObject = {},
): StepAccepted {
  const result = stepWorkflow(compiled, snapshot, { type, actor, payload, now: NOW });
  if (!result.accepted) throw new Error(`${type}: ${result.reason}`);
  return result;
}

describe('suspension states', () => {
  const compiled = compileWorkflow(definition());

  it('returns the case to the leaf it was suspended in, and records the suspension', () => {
    const opened = startWorkflow(compiled, { subject: {}, actor: clerk, now: NOW });
    if (!opened.accepted) throw new Error(opened.reason);
    const submitted = send(compiled, opened.snapshot, 'SUBMIT', clerk, {
      receivedOn: '2026-02-20',
    });
    const second = send(compiled, submitted.snapshot, 'NEXT');
    const held = send(compiled, second.snapshot, 'HOLD', board);
    expect(held.to).toBe('held');
    expect(held.snapshot.context.facts['suspendedFrom']).toBe('review.second');
    const again = send(compiled, held.snapshot, 'HOLD', board);
    expect(again.to).toBe('held');
    const released = send(compiled, again.snapshot, 'RELEASE', board);
    expect(released.to).toBe('review.second');
    expect(released.snapshot.context.facts['suspendedFrom']).toBeUndefined();
    expect(released.snapshot.context.facts['suspensions']).toEqual([
      { from: 'review.second', since: NOW, until: NOW },
    ]);
  });

  it('counts an anchored deadline from the case date, and restarts it on resumption', () => {
    const opened = startWorkflow(compiled, { subject: {}, actor: clerk, now: NOW });
    if (!opened.accepted) throw new Error(opened.reason);
    const submitted = send(compiled, opened.snapshot, 'SUBMIT', clerk, {
      receivedOn: '2026-02-20',
    });
    expect(submitted.effects).toContainEqual(
      expect.objectContaining({
        type: 'scheduleDeadline',
        name: 'answer',
        countedFrom: '2026-02-20',
        from: 'facts.letter.receivedOn',
      }),
    );
  });

  it.each<[string, (d: JsonObject & { states: Record<string, JsonObject> }) => void, string]>([
    [
      '$resume outside a suspension state',
      (d) => {
        (d.states['draft'] as { on: Record<string, JsonObject> }).on['NEXT'] = {
          roles: ['clerk'],
          target: '$resume',
        };
      },
      'UNKNOWN_TARGET',
    ],
    [
      'a nested suspension state',
      (d) => {
        (
          (d.states['review'] as { states: Record<string, JsonObject> }).states[
            'first'
          ] as JsonObject
        )['suspension'] = true;
      },
      'BAD_SUSPENSION',
    ],
    [
      'a final suspension state',
      (d) => {
        (d.states['done'] as JsonObject)['suspension'] = true;
      },
      'BAD_SUSPENSION',
    ],
    [
      'an impossible effectiveFrom',
      (d) => {
        d['effectiveFrom'] = '2025-02-30';
      },
      'BAD_EFFECTIVE_DATE',
    ],
    [
      'counting back without a date',
      (d) => {
        ((d.states['review'] as { deadlines: JsonObject[] }).deadlines[0] as JsonObject)[
          'direction'
        ] = 'before';
        delete ((d.states['review'] as { deadlines: JsonObject[] }).deadlines[0] as JsonObject)[
          'from'
        ];
      },
      'BAD_DEADLINE',
    ],
  ])('refuses %s', (_name, change, code) => {
    const d = structuredClone(definition()) as JsonObject & { states: Record<string, JsonObject> };
    change(d);
    const result = validateDefinition(d);
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.code)).toContain(code);
  });

  it('accepts the sample', () => {
    expect(validateDefinition(definition()).problems).toEqual([]);
  });
});
