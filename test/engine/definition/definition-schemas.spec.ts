import { describe, expect, it } from '@jest/globals';
import { longLivedSchemaCount } from '../../../src/engine/definition/json-schema.js';
import { startWorkflow, stepWorkflow } from '../../../src/engine/runtime/step-workflow.js';
import {
  compileWorkflow,
  validateDefinition,
  type JsonObject,
  type StepAccepted,
} from '../../../src/engine/index.js';

const NOW = '2026-03-02T03:00:00Z';
const clerk = { id: 'clerk-1', roles: ['clerk'] };

/** draft --SUBMIT(payload)--> done; the payload schema and the case schemas are the test's. */
function withSchemas(
  payload: JsonObject,
  extra: { subject?: JsonObject; data?: JsonObject; $defs?: JsonObject } = {},
): JsonObject {
  return {
    key: 'patterns',
    version: 1,
    title: { vi: 'Mẫu', en: 'Patterns' },
    regulation: 'test',
    initial: 'draft',
    ...extra,
    states: {
      draft: { on: { SUBMIT: { roles: ['clerk'], payload, target: 'done' } } },
      done: { type: 'final' },
    },
  };
}

const stringWithPattern = (pattern: string): JsonObject => ({
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern } },
});

function problemsOf(definition: JsonObject) {
  const result = validateDefinition(definition);
  return result.valid ? [] : result.problems;
}

function opened(definition: JsonObject) {
  const compiled = compileWorkflow(definition);
  const start = startWorkflow(compiled, { subject: {}, actor: clerk, now: NOW });
  expect(start.accepted).toBe(true);
  return { compiled, snapshot: (start as StepAccepted).snapshot };
}

// 30 a's then a b: a backtracking engine takes ~2^30 steps on ^(a+)+$ (14 s measured).
const EVIL_INPUT = `${'a'.repeat(30)}b`;

describe('definition patterns run in linear time (issue 11 item 3)', () => {
  it('answers a catastrophic payload pattern at once, refusing the string that does not match', () => {
    const { compiled, snapshot } = opened(withSchemas(stringWithPattern('^(a+)+$')));
    const started = Date.now();
    const step = stepWorkflow(compiled, snapshot, {
      type: 'SUBMIT',
      payload: { name: EVIL_INPUT },
      actor: clerk,
      now: NOW,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(step).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    const ok = stepWorkflow(compiled, snapshot, {
      type: 'SUBMIT',
      payload: { name: 'aaaa' },
      actor: clerk,
      now: NOW,
    });
    expect(ok.accepted).toBe(true);
  });

  it.each([
    ['nested quantifiers', '^(a+)+$'],
    ['alternation under a star', '^(a|a)*$'],
    ['overlapping classes', '^(\\w+\\s?)*$'],
    ['a quantified optional group', '^(a?){30}a{30}$'],
  ])('answers %s at once in patternProperties and subject schemas', (_name, pattern) => {
    const definition = withSchemas(
      { type: 'object', patternProperties: { [pattern]: { type: 'string' } } },
      {
        subject: {
          type: 'object',
          properties: { code: { type: 'string', pattern } },
        },
      },
    );
    const compiled = compileWorkflow(definition);
    const started = Date.now();
    const evil = `${'a'.repeat(30)}!`;
    const start = startWorkflow(compiled, { subject: { code: evil }, actor: clerk, now: NOW });
    const snapshot = opened(definition).snapshot;
    stepWorkflow(compiled, snapshot, {
      type: 'SUBMIT',
      payload: { [evil]: 'x' },
      actor: clerk,
      now: NOW,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(start).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  it('refuses a backreference at publish, located at the pattern with its state and event', () => {
    const problems = problemsOf(withSchemas(stringWithPattern('^(a)\\1$')));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'BAD_SCHEMA',
        path: 'states.draft.on.SUBMIT.payload.properties.name.pattern',
        state: 'draft',
        event: 'SUBMIT',
      }),
    ]);
    expect(problems[0]?.message).toMatch(/backreferences and lookaround are not supported/);
  });

  it('refuses lookaround in subject, data, $defs and patternProperties, each where it is', () => {
    const problems = problemsOf(
      withSchemas(
        { type: 'object', patternProperties: { '^(?!x)': { type: 'string' } } },
        {
          subject: stringWithPattern('(?=a)a'),
          data: { type: 'object', properties: { d: { type: 'string', pattern: '(?<=a)b' } } },
          $defs: { code: { type: 'string', pattern: '(?<!a)b' } },
        },
      ),
    );
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      '$defs.code.pattern',
      'data.properties.d.pattern',
      'states.draft.on.SUBMIT.payload.patternProperties.^(?!x)',
      'subject.properties.name.pattern',
    ]);
    expect(problems.every((problem) => problem.code === 'BAD_SCHEMA')).toBe(true);
  });

  it('accepts the patterns RE2 runs (classes, Unicode properties, named groups)', () => {
    for (const pattern of ['^[A-Z]{2}-\\d{4}$', '^\\p{L}+( \\p{L}+)*$', '^(?<year>\\d{4})$']) {
      expect(problemsOf(withSchemas(stringWithPattern(pattern)))).toEqual([]);
    }
  });

  it('does not mistake a property named pattern or $id for the keyword', () => {
    const payload: JsonObject = {
      type: 'object',
      properties: { pattern: { type: 'string' }, $id: { type: 'string' } },
      required: ['pattern'],
    };
    expect(problemsOf(withSchemas(payload))).toEqual([]);
    expect(problemsOf(withSchemas({ type: 'string', enum: ['(a)\\1'], default: '(?=a)' }))).toEqual(
      [],
    );
  });
});

describe('definition schemas keep nothing between validations (issue 11 item 8)', () => {
  const withId = withSchemas({ $id: 'https://example.test/payload', type: 'object' });

  it('refuses $id with a located problem, the same answer every time', () => {
    const first = problemsOf(withId);
    const second = problemsOf(withId);
    expect(first).toEqual([
      expect.objectContaining({
        code: 'BAD_SCHEMA',
        path: 'states.draft.on.SUBMIT.payload.$id',
        state: 'draft',
        event: 'SUBMIT',
      }),
    ]);
    expect(second).toEqual(first);
  });

  it('refuses a foreign $schema and a $ref outside the definition', () => {
    const problems = problemsOf(
      withSchemas(
        {
          type: 'object',
          properties: { a: { $ref: 'https://example.test/remote.json' } },
        },
        { subject: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' } },
      ),
    );
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      'states.draft.on.SUBMIT.payload.properties.a.$ref',
      'subject.$schema',
    ]);
  });

  it('accepts draft 2020-12 $schema and references into the definition $defs', () => {
    expect(
      problemsOf(
        withSchemas(
          { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/reason' },
          { $defs: { reason: { type: 'object' } } },
        ),
      ),
    ).toEqual([]);
  });

  it('reports a schema the meta-schema refuses at its place', () => {
    expect(
      problemsOf(withSchemas({ type: 'object', properties: { a: { type: 'text' } } })),
    ).toEqual([
      expect.objectContaining({
        code: 'BAD_SCHEMA',
        path: 'states.draft.on.SUBMIT.payload.properties.a.type',
      }),
    ]);
  });

  it('compiles the same definition again and again without growing a shared Ajv', () => {
    // Warm up: the long-lived instances compile what they need once.
    validateDefinition(withSchemas(stringWithPattern('^a$')));
    const before = longLivedSchemaCount();
    for (let index = 0; index < 50; index += 1) {
      const definition = withSchemas(stringWithPattern(`^a{${index}}$`), {
        subject: { type: 'object', properties: { [`p${index}`]: { type: 'integer' } } },
      });
      expect(validateDefinition(definition).valid).toBe(true);
      compileWorkflow(definition);
    }
    expect(longLivedSchemaCount()).toBe(before);
  });
});
