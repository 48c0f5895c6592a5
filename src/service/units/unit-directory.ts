/**
 * The unit tree of this process, read once and kept while nothing has changed: authenticating a
 * principal computes its scope from it without a query, and so do the case list's `?unit=` and a
 * case's `unitId`. Trusted, like PrincipalCache, only while the ChangeFeed's version is the one
 * read before the tree was: creating units announces a change (every process re-reads), and a
 * process whose change feed is down reads the tree every time.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeFeed } from '../database/change-feed.js';
import { Transactions } from '../database/transactions.js';
import { UnitStore } from './unit.store.js';
import { UnitTree } from './unit-tree.js';
import { inScope, type Scope } from './scope.js';
import { messages } from '../common/messages.js';
import { invalidField } from '../common/validation.js';

@Injectable()
export class UnitDirectory {
  private cached: { readonly tree: UnitTree; readonly version: string } | null = null;

  constructor(
    private readonly transactions: Transactions,
    private readonly store: UnitStore,
    private readonly changes: ChangeFeed,
  ) {}

  /** The tree as this process last read it, or read now (committed units only). */
  async tree(): Promise<UnitTree> {
    const version = this.changes.version();
    if (version !== null && this.cached?.version === version) return this.cached.tree;
    const tree = new UnitTree(await this.transactions.read((manager) => this.store.all(manager)));
    if (version !== null) this.cached = { tree, version };
    return tree;
  }

  /**
   * A list's scope: the caller's, or the subtree of the unit it names (`?unit=`), which must be
   * a unit inside the caller's scope — otherwise 400, the same answer as for an unknown unit.
   */
  async narrow(scope: Scope, unitId: string | undefined, path = 'unit'): Promise<Scope> {
    if (unitId === undefined) return scope;
    const tree = await this.tree();
    if (!tree.get(unitId) || !inScope(scope, unitId)) {
      throw invalidField(path, 'unitExists', messages.unitUnknown(path));
    }
    return tree.scopeOf(unitId);
  }

  /** The tree as the caller's transaction sees it (a write that checks parents). */
  async treeIn(manager: EntityManager): Promise<UnitTree> {
    return new UnitTree(await this.store.all(manager));
  }
}
