/**
 * The rule hooks (`record`, `pending`, `offers`): a rule this test alone knows, registered next to
 * the built-in vocabulary, is validated, compiled, stepped and described with no change to the
 * compiler, the setup, the step function or the case view.
 */
import { describe, expect, it } from '@jest/globals';
import {
  availableEvents,
  compileWorkflow,
  message,
  pendingApprovals,
  startWorkflow,
  stepWorkflow,
  ruleRegistry,
  validateDefinition,
  type Actor,
  type JsonObject,
  type RuleRegistry,
  type RuleSpec,
  type StepAccepted,
  type StepResult,
} from '../../../src/engine/index.js';
import { paramsChecker } from '../../../src/engine/rules/check-params.js';
import { refused, satisfied } from '../../../src/engine/rules/evaluation.js';

interface SealParams {
  /** Roles whose seal the step needs, each once. */
  readonly by: readonly string[];
}

function sealsOf(facts: JsonObject): string[] {
  const seals = facts['seals'];
  return Array.isArray(seals) ? seals.filter((seal) => typeof seal === 'string') : [];
}

/** A toy deciding rule: each required role seals once; the last seal starts a 3-day deadline. */
const sealRule: RuleSpec<SealParams> = {
  type: 'seal',
  description: 'A test-only rule: each required role seals the dossier once.',
  checkParams: paramsChecker<SealParams>({
    type: 'object',
    required: ['by'],
    additionalProperties: false,
    properties: { by: { type: 'array', minItems: 1, items: { type: 'string' } } },
  }),
  results: () => ['SEALED', 'WAITING'],
  evaluate({ context, event, params }) {
    const done = sealsOf(context.facts);
    const role = params.by.find((r) => event.actor.roles.includes(r) && !done.includes(r));
    if (role === undefined)
      return refused(
        'seal',
        message('step.ruleNotSatisfied', { rule: 'seal' }),
        'RULE_NOT_SATISFIED',
        {},
      );
    const left = params.by.filter((r) => r !== role && !done.includes(r));
    return satisfied('seal', { role, left }, left.length === 0 ? 'SEALED' : 'WAITING');
  },
  record({ context, event, evaluation, stateId }) {
    const seals = [...sealsOf(context.facts), evaluation.details['role'] as string];
    if (evaluation.result !== 'SEALED') return { facts: { ...context.facts, seals } };
    return {
      facts: { ...context.facts, seals },
      deadlines: {
        ...context.deadlines,
        archive: {
          name: 'archive',
          stateId,
          scope: 'case',
          startedAt: event.now,
          amount: 3,
          unit: 'DAY',
          onExpiry: { markOverdue: true },
          extension: null,
          extensions: 0,
        },
      },
    };
  },
  pending: ({ context, params }) =>
    params.by.filter((role) => !sealsOf(context.facts).includes(role)).map((role) => ({ role })),
  offers: ({ event }) => event.actor.id !== 'barred',
};

const rules: RuleRegistry = new Map([...ruleRegistry, [sealRule.type, sealRule]]);

const definition: JsonObject = {
  key: 'sealing',
  version: 1,
  title: { vi: 'Đóng dấu', en: 'Sealing' },
  regulation: 'test',
  initial: 'sealing',
  states: {
    sealing: {
      on: {
        SEAL: {
          roles: ['head', 'authority'],
          rules: [{ type: 'seal', params: { by: ['head', 'authority'] } }],
          branches: { SEALED: 'sealed', WAITING: null },
          actions: [{ type: 'recordFacts', params: { as: 'lastSeal' } }],
        },
      },
    },
    sealed: { type: 'final' },
  },
};

const head: Actor = { id: 'head-1', roles: ['head'] };
const authority: Actor = { id: 'authority-1', roles: ['authority'] };
const NOW = '2026-03-02T03:00:00.000Z';

function accepted(result: StepResult): StepAccepted {
  if (!result.accepted) throw new Error(`refused: ${result.code} ${result.reason}`);
  return result;
}

describe('rule hooks', () => {
  const compiled = compileWorkflow(definition, { rules });
  const opened = accepted(startWorkflow(compiled, { subject: {}, actor: head, now: NOW }));

  it('takes the vocabulary as data: unknown without the rule, valid with it', () => {
    expect(validateDefinition(definition).problems).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_RULE', rule: 'seal' }),
    );
    expect(validateDefinition(definition, { rules }).problems).toEqual([]);
  });

  it("records what the rule's record hook returns, before the definition's own actions", () => {
    const first = accepted(
      stepWorkflow(compiled, opened.snapshot, {
        type: 'SEAL',
        payload: { note: 'first' },
        actor: head,
        now: NOW,
      }),
    );
    expect(first.to).toBe('sealing');
    expect(first.snapshot.context.facts).toEqual({ seals: ['head'], lastSeal: { note: 'first' } });
    expect(first.evaluations).toEqual({
      result: 'WAITING',
      rules: [
        {
          rule: 'seal',
          satisfied: true,
          result: 'WAITING',
          details: { role: 'head', left: ['authority'] },
        },
      ],
    });
  });

  it('turns the deadlines a record schedules into effects', () => {
    const first = accepted(
      stepWorkflow(compiled, opened.snapshot, { type: 'SEAL', actor: head, now: NOW }),
    );
    expect(first.effects).toEqual([]);
    const second = accepted(
      stepWorkflow(compiled, first.snapshot, { type: 'SEAL', actor: authority, now: NOW }),
    );
    expect(second).toMatchObject({ to: 'sealed', status: 'completed' });
    expect(second.effects).toEqual([
      expect.objectContaining({ type: 'scheduleDeadline', name: 'archive', amount: 3 }),
      { type: 'cancelDeadline', name: 'archive', reason: 'caseEnded' },
    ]);
  });

  it("lists what the step waits for from the rule's pending hook", () => {
    expect(pendingApprovals(compiled, opened.snapshot)).toEqual([
      { state: 'sealing', event: 'SEAL', role: 'head' },
      { state: 'sealing', event: 'SEAL', role: 'authority' },
    ]);
    const first = accepted(
      stepWorkflow(compiled, opened.snapshot, { type: 'SEAL', actor: head, now: NOW }),
    );
    expect(pendingApprovals(compiled, first.snapshot)).toEqual([
      { state: 'sealing', event: 'SEAL', role: 'authority' },
    ]);
  });

  it("offers the event only to those the rule's offers hook lets through", () => {
    const offered = (actor: Actor) =>
      availableEvents(compiled, opened.snapshot, actor, NOW).map((event) => event.type);
    expect(offered(head)).toEqual(['SEAL']);
    expect(offered({ id: 'barred', roles: ['head'] })).toEqual([]);
  });
});
