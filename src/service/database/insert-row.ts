import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * Inserts a complete entity. TypeORM types `insert` with a recursive deep-partial type that never
 * ends on JSON columns typed as recursive JSON values; a complete row is always a valid partial.
 */
export async function insertRow<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  row: E,
): Promise<void> {
  await manager.insert(target, row);
}

/** Same reasoning for an update of some columns, matched by a plain where clause. */
export function partial<E extends ObjectLiteral>(values: Partial<E>): QueryDeepPartialEntity<E> {
  return values;
}
