/**
 * The fields of a history entry (SPEC §3.5), written out once: their order (the hash body's, the
 * NDJSON export's and the CSV columns'), their TypeScript type, their column in `history_entry`
 * and their OpenAPI description. The entity, the row↔view mapper, the select lists, the exports
 * and the DTO are all derived from this table.
 */
import type { ApiPropertyOptions } from '@nestjs/swagger';
import type { ColumnOptions } from 'typeorm';
import type { JsonObject } from '../../engine/index.js';

/** How a field is typed and stored: JSON kinds live in `simple-json` text columns. */
export type FieldKind = 'int' | 'string' | 'string?' | 'strings' | 'object' | 'object?';

interface FieldKindType {
  int: number;
  string: string;
  'string?': string | null;
  strings: readonly string[];
  object: JsonObject;
  'object?': JsonObject | null;
}

export interface FieldSpec {
  readonly kind: FieldKind;
  /** Part of the primary key (case_id, seq). */
  readonly primary?: true;
  /** 64 lowercase hex digits (a SHA-256). */
  readonly hex64?: true;
  readonly column: ColumnOptions & { readonly name: string };
  readonly api: ApiPropertyOptions;
}

export const HISTORY_ENTRY_SPEC = {
  seq: {
    kind: 'int',
    primary: true,
    column: { name: 'seq', type: 'integer' },
    api: { type: Number },
  },
  caseId: {
    kind: 'string',
    primary: true,
    column: { name: 'case_id', type: 'varchar', length: 36 },
    api: { type: String },
  },
  at: {
    kind: 'string',
    column: { name: 'at', type: 'varchar', length: 30 },
    api: { type: String },
  },
  event: {
    kind: 'string',
    column: { name: 'event', type: 'varchar', length: 64 },
    api: { type: String, example: 'RECORD_VOTE' },
  },
  from: {
    kind: 'string?',
    column: { name: 'from_state', type: 'varchar', length: 300, nullable: true },
    api: { type: String, nullable: true },
  },
  to: {
    kind: 'string',
    column: { name: 'to_state', type: 'varchar', length: 300 },
    api: { type: String },
  },
  actorId: {
    kind: 'string',
    column: { name: 'actor_id', type: 'varchar', length: 36 },
    api: { type: String },
  },
  roles: {
    kind: 'strings',
    column: { name: 'roles', type: 'simple-json' },
    api: { type: [String] },
  },
  payload: {
    kind: 'object',
    column: { name: 'payload', type: 'simple-json' },
    api: { type: 'object', additionalProperties: true },
  },
  comment: {
    kind: 'string?',
    column: { name: 'comment', type: 'text', nullable: true },
    api: { type: String, nullable: true },
  },
  outcome: {
    kind: 'object?',
    column: { name: 'outcome', type: 'simple-json', nullable: true },
    api: {
      type: 'object',
      additionalProperties: true,
      nullable: true,
      description: 'What the rules decided.',
    },
  },
  prevHash: {
    kind: 'string',
    hex64: true,
    column: { name: 'prev_hash', type: 'varchar', length: 64 },
    api: { type: String, example: '0'.repeat(64) },
  },
  hash: {
    kind: 'string',
    hex64: true,
    column: { name: 'hash', type: 'varchar', length: 64 },
    api: { type: String },
  },
} as const satisfies Record<string, FieldSpec>;

export type HistoryField = keyof typeof HISTORY_ENTRY_SPEC;

/** A history entry exactly as the history and audit APIs return it. */
export type HistoryEntryView = {
  readonly [K in HistoryField]: FieldKindType[(typeof HISTORY_ENTRY_SPEC)[K]['kind']];
};

/** An entry before its hash is computed. */
export type UnhashedEntry = Omit<HistoryEntryView, 'hash'>;

/** The fields of an entry, in the order of SPEC §3.5 (and of the CSV export's columns). */
export const HISTORY_ENTRY_FIELDS = Object.keys(HISTORY_ENTRY_SPEC) as HistoryField[];

/** The fields the hash covers: all but the hash itself. */
export const HASHED_FIELDS = HISTORY_ENTRY_FIELDS.filter(
  (field): field is Exclude<HistoryField, 'hash'> => field !== 'hash',
);

export function fieldSpec(field: HistoryField): FieldSpec {
  return HISTORY_ENTRY_SPEC[field];
}

/** Exactly the fields of an entry, in their order (a row's other columns are left out). */
export function pickEntry(source: HistoryEntryView): HistoryEntryView {
  const entry: Record<string, unknown> = {};
  for (const field of HISTORY_ENTRY_FIELDS) entry[field] = source[field];
  return entry as HistoryEntryView;
}
