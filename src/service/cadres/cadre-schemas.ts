/**
 * The request bodies of the cadre routes and the data of each register, as JSON Schemas (also
 * published in the OpenAPI document), checked with Ajv; every problem is located in
 * `details.errors` with the API's one path syntax.
 */
import {
  createAjv,
  describeAjvErrors,
  type JsonObject,
  type NewRegistryEntry,
  DISCIPLINE_LEVELS,
  FREEZE_KINDS,
  GENDERS,
} from '../../engine/index.js';
import {
  POLITICAL_THEORY_LEVELS,
  REGISTER_KINDS,
  YEARLY_RATINGS,
  type CadreDraft,
  type RegisterKind,
} from '../../engine/index.js';
import { validationFailed, type ValidationProblem } from '../common/validation.js';

const date = { type: 'string', format: 'date', maxLength: 10 } as const;
const text = { type: 'string', minLength: 1, maxLength: 500 } as const;
const note = { type: 'string', maxLength: 4000 } as const;
const id = { type: 'string', minLength: 1, maxLength: 36 } as const;
const count = { type: 'integer', minimum: 0, maximum: 1_000_000 } as const;

const object = (required: readonly string[], properties: Record<string, unknown>): JsonObject =>
  JSON.parse(
    JSON.stringify({ type: 'object', required, additionalProperties: false, properties }),
  ) as JsonObject;

/** The data of each register's entries (cadre-registry.ts). */
export const REGISTER_DATA_SCHEMAS: Readonly<Record<RegisterKind, JsonObject>> = {
  person: object(['fullName', 'gender', 'dateOfBirth'], {
    fullName: text,
    gender: { enum: [...GENDERS] },
    dateOfBirth: date,
    ethnicity: text,
    hometown: text,
    education: text,
    politicalTheory: { enum: [...POLITICAL_THEORY_LEVELS] },
    partyMemberSince: date,
    protectedDuty: { type: 'boolean' },
  }),
  post: object(['postTitle', 'unitId', 'since'], {
    postTitle: text,
    unitId: id,
    since: date,
    termEndsOn: date,
    endedOn: date,
    caseId: id,
  }),
  planning: object(['title', 'period', 'since'], {
    title: text,
    period: { type: 'string', minLength: 1, maxLength: 50 },
    unitId: id,
    decisionNumber: text,
    since: date,
    removedOn: date,
  }),
  discipline: object(['level', 'decisionNumber', 'issuer', 'effectiveOn'], {
    level: { enum: [...DISCIPLINE_LEVELS] },
    decisionNumber: text,
    issuer: text,
    effectiveOn: date,
  }),
  rating: object(['year', 'rating'], {
    year: { type: 'integer', minimum: 1945, maximum: 2200 },
    rating: { enum: [...YEARLY_RATINGS] },
  }),
  confidenceVote: object(['heldOn', 'body', 'ballotsReturned', 'high', 'medium', 'low'], {
    heldOn: date,
    body: text,
    ballotsReturned: count,
    high: count,
    medium: count,
    low: count,
  }),
  freeze: object(['kind', 'since', 'source'], {
    kind: { enum: [...FREEZE_KINDS] },
    since: date,
    until: date,
    liftedOn: date,
    source: text,
  }),
  assignment: object(['kind', 'since'], {
    kind: { enum: ['rotation', 'secondment'] },
    toUnitId: id,
    postTitle: text,
    since: date,
    endsOn: date,
    caseId: id,
  }),
};

export const MAX_ITEMS_PER_REGISTER = 200;
export const MAX_ENTRIES_PER_REQUEST = 100;

const list = (kind: RegisterKind) => ({
  type: 'array',
  maxItems: MAX_ITEMS_PER_REGISTER,
  items: REGISTER_DATA_SCHEMAS[kind],
});

/** `POST /api/cadres`: a CadreDraft whose unit defaults to the caller's. */
export const CADRE_DRAFT_SCHEMA = object(['code', 'person'], {
  code: { type: 'string', minLength: 1, maxLength: 100, pattern: '^\\S(.*\\S)?$' },
  unitId: id,
  person: REGISTER_DATA_SCHEMAS.person,
  posts: list('post'),
  planning: list('planning'),
  disciplines: list('discipline'),
  ratings: list('rating'),
  confidenceVotes: list('confidenceVote'),
  freezes: list('freeze'),
  assignments: list('assignment'),
});

/** `POST /api/cadres/:id/entries`: the data of each entry is checked against its kind's schema. */
export const APPEND_ENTRIES_SCHEMA = object(['entries'], {
  entries: {
    type: 'array',
    minItems: 1,
    maxItems: MAX_ENTRIES_PER_REQUEST,
    items: object(['kind'], {
      kind: { enum: [...REGISTER_KINDS] },
      data: { type: 'object' },
      supersedes: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
      void: { type: 'boolean' },
      note,
    }),
  },
});

const ajv = createAjv();
const validateDraft = ajv.compile(CADRE_DRAFT_SCHEMA);
const validateAppend = ajv.compile(APPEND_ENTRIES_SCHEMA);
const validateData = Object.fromEntries(
  REGISTER_KINDS.map((kind) => [kind, ajv.compile(REGISTER_DATA_SCHEMAS[kind])]),
) as Record<RegisterKind, ReturnType<typeof ajv.compile>>;

const problemsOf = (
  errors: Parameters<typeof describeAjvErrors>[0],
  prefix = '',
): ValidationProblem[] =>
  describeAjvErrors(errors, prefix).map((problem) => ({
    path: problem.path,
    constraint: 'schema',
    message: `${problem.path} ${problem.message}`,
  }));

/** A draft without its unit, as POST /api/cadres takes it. */
export type CadreDraftBody = Omit<CadreDraft, 'unitId'> & { readonly unitId?: string };

export function parseCadreDraft(body: unknown, prefix = ''): CadreDraftBody {
  if (validateDraft(body)) return body as CadreDraftBody;
  throw validationFailed(problemsOf(validateDraft.errors, prefix));
}

/** The problems of one draft (an import row), located under `prefix`; none: it is valid. */
export function draftProblems(body: unknown, prefix: string): ValidationProblem[] {
  return validateDraft(body) ? [] : problemsOf(validateDraft.errors, prefix);
}

export function parseAppendEntries(body: unknown): NewRegistryEntry[] {
  if (!validateAppend(body)) throw validationFailed(problemsOf(validateAppend.errors));
  const entries = (body as { entries: NewRegistryEntry[] }).entries;
  const problems: ValidationProblem[] = [];
  entries.forEach((entry, index) => {
    if (entry.data === undefined) return;
    const check = validateData[entry.kind];
    if (!check(entry.data)) problems.push(...problemsOf(check.errors, `entries[${index}].data`));
  });
  if (problems.length > 0) throw validationFailed(problems);
  return entries;
}
