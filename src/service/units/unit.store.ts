/**
 * The `unit` table: every read and write of it, inside the caller's transaction (`manager` from
 * Transactions.run / read). Units are only ever added: this version neither deletes a unit nor
 * moves it under another parent, so a scope computed from the tree only grows.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRow } from '../database/insert-row.js';
import { UnitEntity } from './unit.entity.js';
import type { Unit } from './unit-tree.js';

const toUnit = (row: UnitEntity): Unit => ({
  id: row.id,
  code: row.code,
  name: row.name,
  parentId: row.parentId,
});

@Injectable()
export class UnitStore {
  /** Every unit, by code. */
  async all(manager: EntityManager): Promise<Unit[]> {
    const rows = await manager.getRepository(UnitEntity).find({ order: { code: 'ASC' } });
    return rows.map(toUnit);
  }

  async findByCode(manager: EntityManager, code: string): Promise<Unit | null> {
    const row = await manager.getRepository(UnitEntity).findOneBy({ code });
    return row ? toUnit(row) : null;
  }

  async findById(manager: EntityManager, id: string): Promise<Unit | null> {
    const row = await manager.getRepository(UnitEntity).findOneBy({ id });
    return row ? toUnit(row) : null;
  }

  /** Inserts one unit; its parent must exist already (a second unit with its code: unique violation). */
  async insert(manager: EntityManager, unit: Unit, createdAt: string): Promise<void> {
    await insertRow(manager, UnitEntity, Object.assign(new UnitEntity(), { ...unit, createdAt }));
  }
}
