import { describe, expect, it } from '@jest/globals';
import {
  builtinDefs,
  compileWorkflow,
  resolveBuiltinDefs,
  ruleRegistry,
  startWorkflow,
  stepWorkflow,
  validateDefinition,
  type JsonObject,
  type RuleRegistry,
  type RuleSpec,
} from '../../../src/engine/index.js';
import { FREEZE_KINDS } from '../../../src/engine/rules/eligibility.js';
import { VOTE_TALLY_SCHEMA } from '../../../src/engine/rules/vote.js';
import { canonicalJson, sha256Hex } from '../../../src/service/common/canonical-json.js';
import { actors, builtinDocument, cadre, NOW } from '../../support/engine-fixtures.js';

const BUILTIN_KEYS = ['appointment', 'appointment-state', 'resignation', 'rotation'];

// What the service stores as a version's content hash (WorkflowRegistryService.contentHash).
const contentHash = (document: JsonObject): string => sha256Hex(canonicalJson(document));

const clone = <T>(value: T): T => structuredClone(value);

/** A format 2 definition that takes its schemas from the built-in library. */
function usingBuiltins(): JsonObject {
  return {
    formatVersion: 2,
    key: 'freeze-review',
    version: 1,
    title: { vi: 'Xem xét tạm dừng', en: 'Freeze review' },
    regulation: 'HD 02-HD/TW (2021)',
    $defs: {
      note: { type: 'object', properties: { text: { type: 'string' } } },
    },
    subject: {
      type: 'object',
      required: ['cadre'],
      properties: { cadre: { $ref: 'cadreflow:defs/cadre' } },
    },
    initial: 'open',
    on: {
      WITHDRAW: {
        roles: ['clerk'],
        payload: { $ref: 'cadreflow:defs/reason' },
        target: '#withdrawn',
      },
    },
    states: {
      open: {
        on: {
          RECORD_FREEZE: {
            roles: ['inspection_commission'],
            payload: {
              type: 'object',
              required: ['freeze'],
              properties: {
                freeze: { $ref: 'cadreflow:defs/freeze' },
                note: { $ref: '#/$defs/note' },
              },
            },
            target: 'closed',
          },
        },
      },
      closed: { type: 'final' },
      withdrawn: { type: 'final', result: 'terminated' },
    },
  };
}

describe('built-in $defs: the library', () => {
  it('offers the standard payloads and what the rules read, each once', () => {
    expect([...builtinDefs().keys()].sort()).toEqual([
      'cadre',
      'decision',
      'discipline',
      'disciplineRecord',
      'freeze',
      'freezeLift',
      'freezeRecord',
      'headDecision',
      'reason',
      'voteTally',
    ]);
  });

  it("builds the freeze from eligibility's kinds and the tally from vote's schema", () => {
    const freeze = builtinDefs().get('freeze') as JsonObject;
    expect((freeze['properties'] as JsonObject)['kind']).toEqual({ enum: [...FREEZE_KINDS] });
    expect(builtinDefs().get('voteTally')).toBe(VOTE_TALLY_SCHEMA);
  });

  it('refuses a registry in which two rules offer the same name', () => {
    const choice = ruleRegistry.get('choice') as RuleSpec;
    const copycat: RuleSpec = { ...choice, type: 'copycat', defs: { cadre: {} } };
    const rules: RuleRegistry = new Map([...ruleRegistry, [copycat.type, copycat]]);
    expect(() => builtinDefs(rules)).toThrow('the built-in $defs cadre is offered twice');
  });

  // headDecision (`chosen`) and the cadre (relation, equivalent posts, ratings…) grew with the
  // QĐ 377 profiles; the v1 files keep their own copies of the shapes they were published with.
  it.each(BUILTIN_KEYS)('resolves to exactly the $defs the v1 file %s copies', (key) => {
    const names = ['reason', 'voteTally', 'decision', 'freeze'];
    const { document } = resolveBuiltinDefs({
      formatVersion: 2,
      $defs: Object.fromEntries(
        names.map((name) => [`own_${name}`, { $ref: `cadreflow:defs/${name}` }]),
      ),
    });
    const resolved = (document as JsonObject)['$defs'] as JsonObject;
    const inline = builtinDocument(key, 1)['$defs'] as JsonObject;
    for (const name of names) expect(resolved[name]).toEqual(inline[name]);
  });
});

describe('built-in $defs: the QĐ 377 profiles', () => {
  it.each(['appointment', 'appointment-state', 'resignation'])(
    'the built-in %s v2 is format 2 and takes every schema from the library',
    (key) => {
      const document = builtinDocument(key, 2);
      expect(document['formatVersion']).toBe(2);
      expect(document['$defs']).toBeUndefined();
      const { document: resolved, problems } = resolveBuiltinDefs(document);
      expect(problems).toEqual([]);
      const library = builtinDefs();
      for (const [name, schema] of Object.entries((resolved as JsonObject)['$defs'] as JsonObject))
        expect(JSON.stringify(schema)).toBe(
          JSON.stringify(library.get(name)).replaceAll('cadreflow:defs/', '#/$defs/'),
        );
    },
  );
});

describe('built-in $defs: a format 2 definition', () => {
  const draft = usingBuiltins();
  const result = validateDefinition(draft);
  const resolved = result.valid ? (result.definition as unknown as JsonObject) : {};

  it('validates, and compiles against the resolved schemas', () => {
    expect(result.problems).toEqual([]);
    const compiled = compileWorkflow(draft);
    const refusedSubject = startWorkflow(compiled, {
      subject: { cadre: cadre({ gender: 'unknown' }) },
      actor: actors.clerk,
      now: NOW,
    });
    expect(refusedSubject).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    const opened = startWorkflow(compiled, {
      subject: { cadre: cadre() },
      actor: actors.clerk,
      now: NOW,
    });
    if (!opened.accepted) throw new Error(opened.reason);
    const badKind = stepWorkflow(compiled, opened.snapshot, {
      type: 'RECORD_FREEZE',
      payload: { freeze: { kind: 'rumour', since: '2026-01-01' } },
      actor: actors.inspection,
      now: NOW,
    });
    expect(badKind).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    expect(
      stepWorkflow(compiled, opened.snapshot, {
        type: 'RECORD_FREEZE',
        payload: { freeze: { kind: 'inspection', since: '2026-01-01' } },
        actor: actors.inspection,
        now: NOW,
      }),
    ).toMatchObject({ accepted: true, to: 'closed' });
  });

  it('is published resolved: the built-ins it uses (and theirs) in its own $defs, no reference left', () => {
    expect(Object.keys(resolved['$defs'] as JsonObject)).toEqual([
      'note',
      'cadre',
      'discipline',
      'freeze',
      'reason',
    ]);
    expect(JSON.stringify(resolved)).not.toContain('cadreflow:');
    expect(resolved['subject']).toEqual({
      type: 'object',
      required: ['cadre'],
      properties: { cadre: { $ref: '#/$defs/cadre' } },
    });
    expect(resolved['formatVersion']).toBe(2);
    // The draft is left as it was.
    expect(JSON.stringify(draft)).toContain('cadreflow:defs/cadre');
    expect(compileWorkflow(draft).document).toEqual(resolved);
  });

  it('hashes the same on every load, and loads without the library', () => {
    const first = compileWorkflow(clone(draft)).document;
    const second = compileWorkflow(clone(draft)).document;
    expect(contentHash(second)).toBe(contentHash(first));
    // The stored document needs nothing from the library: resolving it again changes nothing,
    // and rules that offer no $defs compile it to the same document.
    expect(resolveBuiltinDefs(first).document).toBe(first);
    const bare: RuleRegistry = new Map(
      [...ruleRegistry].map(([type, rule]) => [type, { ...rule, defs: undefined }]),
    );
    const reloaded = compileWorkflow(clone(first), { rules: bare }).document;
    expect(contentHash(reloaded)).toBe(contentHash(first));
  });

  it('republishes the resolved document as it is (GET, then POST)', () => {
    const again = validateDefinition(clone(resolved));
    expect(again.problems).toEqual([]);
    expect(again.valid && contentHash(again.definition as unknown as JsonObject)).toBe(
      contentHash(resolved),
    );
  });
});

describe('built-in $defs: refusals, each located', () => {
  it('refuses an unknown built-in with its path, state and event', () => {
    const draft = usingBuiltins();
    const freezeSchema = (draft['states'] as JsonObject)['open'] as JsonObject;
    const payload = ((freezeSchema['on'] as JsonObject)['RECORD_FREEZE'] as JsonObject)[
      'payload'
    ] as JsonObject;
    (payload['properties'] as JsonObject)['freeze'] = { $ref: 'cadreflow:defs/frost' };
    const result = validateDefinition(draft);
    expect(result.problems).toEqual([
      {
        code: 'UNKNOWN_DEF',
        path: 'states.open.on.RECORD_FREEZE.payload.properties.freeze.$ref',
        state: 'open',
        event: 'RECORD_FREEZE',
        message:
          'the payload schema of event RECORD_FREEZE in state "open": states.open.on.RECORD_FREEZE.payload.properties.freeze.$ref refers to "cadreflow:defs/frost", which is not a built-in schema (cadreflow:defs/ followed by one of cadre, decision, discipline, disciplineRecord, freeze, freezeLift, freezeRecord, headDecision, reason, voteTally)',
      },
    ]);
  });

  it('refuses a reference that is not cadreflow:defs/<name>, in the subject and the shared $defs', () => {
    const draft = usingBuiltins();
    ((draft['subject'] as JsonObject)['properties'] as JsonObject)['cadre'] = {
      $ref: 'cadreflow:defs/cadre#/properties/id',
    };
    (draft['$defs'] as JsonObject)['extra'] = { items: { $ref: 'cadreflow:schemas/cadre' } };
    expect(validateDefinition(draft).problems).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_DEF', path: '$defs.extra.items.$ref' }),
      expect.objectContaining({ code: 'UNKNOWN_DEF', path: 'subject.properties.cadre.$ref' }),
    ]);
  });

  it('refuses built-ins in a format 1 definition, and still refuses remote references', () => {
    const draft = usingBuiltins();
    delete draft['formatVersion'];
    (draft['$defs'] as JsonObject)['remote'] = { $ref: 'https://example.test/cadre.json' };
    const problems = validateDefinition(draft).problems;
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'BAD_SCHEMA',
        path: 'subject.properties.cadre.$ref',
        message: expect.stringContaining('which needs formatVersion: 2'),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'BAD_SCHEMA', path: '$defs.remote.$ref' }),
    );
    expect(problems.every((problem) => problem.code === 'BAD_SCHEMA')).toBe(true);
  });

  it('refuses an own $defs entry that a built-in of the same name would replace', () => {
    const draft = usingBuiltins();
    (draft['$defs'] as JsonObject)['reason'] = { type: 'string' };
    expect(validateDefinition(draft).problems).toEqual([
      expect.objectContaining({ code: 'BAD_SCHEMA', path: '$defs.reason' }),
    ]);
    // The same schema under that name is no conflict (a resolved document edited again).
    (draft['$defs'] as JsonObject)['reason'] = builtinDefs().get('reason') as JsonObject;
    expect(validateDefinition(draft).problems).toEqual([]);
  });

  it('refuses a format version it does not know', () => {
    expect(validateDefinition({ ...usingBuiltins(), formatVersion: 3 }).problems).toContainEqual(
      expect.objectContaining({ code: 'SCHEMA', path: 'formatVersion' }),
    );
  });
});

describe('built-in $defs: format 1 documents are left as they are', () => {
  it.each(BUILTIN_KEYS)('%s v1: the very document is compiled, published and hashed', (key) => {
    const document = builtinDocument(key, 1);
    const hash = contentHash(document);
    expect(resolveBuiltinDefs(document).document).toBe(document);
    const compiled = compileWorkflow(document);
    expect(compiled.document).toBe(document);
    expect(contentHash(compiled.document)).toBe(hash);
    expect(contentHash(compileWorkflow(builtinDocument(key, 1)).document)).toBe(hash);
  });
});
