import { describe, expect, it } from '@jest/globals';
import {
  compileWorkflow,
  DefinitionInvalidError,
  validateDefinition,
  type JsonObject,
} from '../../../src/engine/index.js';

/** A small valid definition: draft → review (approval or vote) → done / rejected. */
function minimal(): JsonObject {
  return {
    key: 'sample',
    version: 1,
    title: { vi: 'Mẫu', en: 'Sample' },
    regulation: 'test',
    parameters: { quorum: { numerator: 2, denominator: 3 }, reviewDays: 5 },
    initial: 'draft',
    on: { WITHDRAW: { roles: ['clerk'], target: '#withdrawn' } },
    states: {
      draft: { on: { SUBMIT: { roles: ['clerk'], target: 'review' } } },
      review: {
        deadlines: [
          {
            name: 'review',
            amount: { $param: 'reviewDays' },
            unit: 'WORKING_DAY',
            onExpiry: { markOverdue: true },
          },
        ],
        on: {
          RECORD_VOTE: {
            roles: ['clerk'],
            rules: [
              {
                type: 'vote',
                params: { quorum: { $param: 'quorum' }, base: 'TOTAL_MEMBERS', mode: 'yesNo' },
              },
            ],
            branches: { PASSED: 'done', FAILED: 'rejected', QUORUM_NOT_MET: null },
          },
        },
      },
      done: { type: 'final' },
      rejected: { type: 'final', result: 'terminated' },
      withdrawn: { type: 'final', result: 'terminated' },
    },
  };
}

function problemsOf(definition: JsonObject) {
  const result = validateDefinition(definition);
  return result.valid ? [] : result.problems;
}

function mutate(
  change: (definition: JsonObject & { states: Record<string, JsonObject> }) => void,
): JsonObject {
  const definition = structuredClone(minimal()) as JsonObject & {
    states: Record<string, JsonObject>;
  };
  change(definition);
  return definition;
}

describe(validateDefinition.name, () => {
  it('accepts a valid definition and compiles it', () => {
    expect(problemsOf(minimal())).toEqual([]);
    expect(compileWorkflow(minimal()).definition.key).toBe('sample');
  });

  it.each(['CREATE', 'MIGRATE'])('reserves %s for the history', (event) => {
    const problems = problemsOf(
      mutate((d) => {
        d.states['draft'] = {
          on: {
            SUBMIT: { roles: ['clerk'], target: 'review' },
            [event]: { roles: ['clerk'], target: 'review' },
          },
        };
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'SCHEMA',
        path: `states.draft.on.${event}`,
        state: 'draft',
        event,
      }),
    ]);
  });

  it('reports an unknown target with the state and event at fault', () => {
    const problems = problemsOf(
      mutate((d) => {
        d.states['draft'] = { on: { SUBMIT: { roles: ['clerk'], target: 'reveiw' } } };
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'UNKNOWN_TARGET',
        state: 'draft',
        event: 'SUBMIT',
        path: 'states.draft.on.SUBMIT.target',
      }),
    );
  });

  it('reports an unreachable state', () => {
    const problems = problemsOf(
      mutate((d) => {
        d.states['orphan'] = { on: { SUBMIT: { roles: ['clerk'], target: 'done' } } };
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'UNREACHABLE_STATE', state: 'orphan' }),
    );
  });

  it('reports a workflow without a final state', () => {
    const problems = problemsOf({
      key: 'loop',
      version: 1,
      title: { vi: 'a', en: 'a' },
      regulation: 'r',
      initial: 'a',
      states: {
        a: { on: { GO: { roles: ['clerk'], target: 'b' } } },
        b: { on: { GO: { roles: ['clerk'], target: 'a' } } },
      },
    });
    expect(problems).toContainEqual(expect.objectContaining({ code: 'NO_FINAL_STATE' }));
  });

  it('reports a non-final state with no way out', () => {
    const problems = problemsOf(
      mutate((d) => {
        d.states['draft'] = { on: { SUBMIT: { roles: ['clerk'], target: 'stuck' } } };
        d.states['stuck'] = { on: { NOTE: { roles: ['clerk'] } } };
        d['on'] = {};
        d.states['review'] = { on: { GO: { roles: ['clerk'], target: 'done' } } };
        d.states['draft']['on'] = {
          SUBMIT: { roles: ['clerk'], target: 'stuck' },
          ALT: { roles: ['clerk'], target: 'review' },
        };
      }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ code: 'DEAD_END', state: 'stuck' }));
  });

  it('reports an event without roles and an unknown role', () => {
    const problems = problemsOf(
      mutate((d) => {
        d.states['draft'] = {
          on: {
            SUBMIT: { roles: [], target: 'review' },
            OTHER: { roles: ['janitor'], target: 'review' },
          },
        };
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'states.draft.on.SUBMIT.roles' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'states.draft.on.OTHER.roles[0]' }),
    );
  });

  it('reports an unknown rule and bad rule params, located inside params', () => {
    const problems = problemsOf(
      mutate((d) => {
        d.states['draft'] = {
          on: { SUBMIT: { roles: ['clerk'], rules: [{ type: 'telepathy' }], target: 'review' } },
        };
        (
          ((d.states['review']!['on'] as JsonObject)['RECORD_VOTE'] as JsonObject)[
            'rules'
          ] as JsonObject[]
        )[0] = {
          type: 'vote',
          params: { base: 'PRESENT', quorum: { numerator: 2, denominator: 0 } },
        };
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_RULE', rule: 'telepathy', state: 'draft' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'BAD_RULE_PARAMS',
        rule: 'vote',
        state: 'review',
        path: 'states.review.on.RECORD_VOTE.rules[0].params.base',
      }),
    );
  });

  it('reports a parameter referenced but not defined', () => {
    const problems = problemsOf(
      mutate((d) => {
        d['parameters'] = { reviewDays: 5 };
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'UNDEFINED_PARAMETER',
        rule: 'vote',
        path: 'states.review.on.RECORD_VOTE.rules[0].params.quorum',
      }),
    );
  });

  it('reports branches that do not match the deciding rule’s results', () => {
    const problems = problemsOf(
      mutate((d) => {
        ((d.states['review']!['on'] as JsonObject)['RECORD_VOTE'] as JsonObject)['branches'] = {
          PASSED: 'done',
          TIE: 'rejected',
        };
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'BRANCHES_MISMATCH',
        message: expect.stringContaining('no branch for result FAILED'),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'BRANCHES_MISMATCH',
        path: 'states.review.on.RECORD_VOTE.branches.TIE',
      }),
    );
  });

  it('reports a deadline whose expiry event the state does not accept', () => {
    const problems = problemsOf(
      mutate((d) => {
        (d.states['review']!['deadlines'] as JsonObject[])[0] = {
          name: 'review',
          amount: 5,
          unit: 'DAY',
          onExpiry: { event: 'DEADLINE_PASSED' },
        };
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'BAD_DEADLINE', state: 'review' }),
    );
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(
      mutate((d) => {
        d['parameters'] = {};
        d.states['draft'] = {
          on: { SUBMIT: { roles: ['clerk'], rules: [{ type: 'telepathy' }], target: 'nowhere' } },
        };
        d.states['orphan'] = { type: 'final' };
      }),
    );
    const codes = new Set(problems.map((problem) => problem.code));
    expect([...codes]).toEqual(
      expect.arrayContaining(['UNKNOWN_RULE', 'UNKNOWN_TARGET', 'UNDEFINED_PARAMETER']),
    );
  });

  it('reports structural problems with their paths, and never throws on garbage', () => {
    for (const garbage of [
      null,
      42,
      'x',
      [],
      { states: 'no' },
      { key: 'K', states: { a: null } },
    ]) {
      expect(() => validateDefinition(garbage)).not.toThrow();
      expect(validateDefinition(garbage).valid).toBe(false);
    }
    const problems = problemsOf({ ...minimal(), version: 0, title: { vi: 'x' } });
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['version', 'title.en']),
    );
  });

  it('makes compileWorkflow throw a DefinitionInvalidError listing the problems', () => {
    expect(() => compileWorkflow({ ...minimal(), initial: 'nowhere' })).toThrow(
      DefinitionInvalidError,
    );
  });
});
