import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  HISTORY_ENTRY_FIELDS,
  fieldSpec,
  pickEntry,
  type HistoryEntryView,
} from './history-fields.js';

/** A stored entry: the fields of the view, plus the case's workflow key for the audit filters. */
export type HistoryRow = { -readonly [K in keyof HistoryEntryView]: HistoryEntryView[K] } & {
  workflowKey: string;
};

// The class's properties are the fields of history-fields.ts; its columns are declared from there.
const HistoryRowBase = class {} as new () => HistoryRow;

/** One accepted event of a case (SPEC §3.5). Append-only: never updated, never deleted. */
export class HistoryEntryEntity extends HistoryRowBase {}

for (const field of HISTORY_ENTRY_FIELDS) {
  const spec = fieldSpec(field);
  const declare = spec.primary
    ? PrimaryColumn({ ...spec.column, nullable: false })
    : Column(spec.column);
  declare(HistoryEntryEntity.prototype, field);
}
/** Denormalised from the case for the audit filters. */
Column({ name: 'workflow_key', type: 'varchar', length: 64 })(
  HistoryEntryEntity.prototype,
  'workflowKey',
);
Entity({ name: 'history_entry' })(HistoryEntryEntity);

/** The row that stores `entry` (the case's workflow key is kept beside it for the audit filters). */
export function toHistoryRow(entry: HistoryEntryView, workflowKey: string): HistoryEntryEntity {
  return Object.assign(new HistoryEntryEntity(), pickEntry(entry), {
    roles: [...entry.roles],
    workflowKey,
  });
}

/** The entry a row stores, as the APIs return it. */
export function toHistoryView(row: HistoryEntryEntity): HistoryEntryView {
  return pickEntry(row);
}

/** A row read raw (`SELECT column AS "field"`): JSON columns are still text, integers maybe text. */
export type RawHistoryRow = Readonly<Record<keyof HistoryEntryView, unknown>>;

/** The select list of a raw read: every field of an entry, as `alias.column AS field`. */
export function historySelections(alias: string): Array<[selection: string, field: string]> {
  return HISTORY_ENTRY_FIELDS.map((field) => [`${alias}.${fieldSpec(field).column.name}`, field]);
}

/** The entry of a raw row (the JSON columns hold `JSON.stringify` text: TypeORM simple-json). */
export function rawToHistoryView(row: RawHistoryRow): HistoryEntryView {
  const entry: Record<string, unknown> = {};
  for (const field of HISTORY_ENTRY_FIELDS) {
    const value = row[field];
    switch (fieldSpec(field).kind) {
      case 'int':
        entry[field] = Number(value);
        break;
      case 'strings':
      case 'object':
      case 'object?':
        entry[field] = value === null ? null : (JSON.parse(value as string) as unknown);
        break;
      default:
        entry[field] = value;
    }
  }
  return entry as HistoryEntryView;
}
