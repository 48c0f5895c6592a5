import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { appendSystemEntry, SYSTEM_ACTOR } from '../audit/system-log.js';
import { AppError } from '../common/app-error.js';
import { ChangeFeed } from '../database/change-feed.js';
import { lockUntilCommit, Transactions } from '../database/transactions.js';
import type { AuthenticatedPrincipal } from './authenticated-principal.js';
import type { PrincipalRole } from './principal-roles.js';
import { PrincipalEntity } from './principal.entity.js';
import { generateToken, hashToken } from './principal-token.js';
import { messages } from '../common/messages.js';
import { invalidField } from '../common/validation.js';
import { ROOT_UNIT_ID } from '../units/scope.js';
import { UnitDirectory } from '../units/unit-directory.js';

export const BOOTSTRAP_ADMIN_NAME = 'admin';

// Key of the PostgreSQL advisory lock that keeps concurrent starts from creating two admins.
const ADMIN_BOOTSTRAP_LOCK_KEY = 7_263_900_002;

export interface NewPrincipal {
  name: string;
  roles: readonly PrincipalRole[];
  /** Its unit; the root when absent. */
  unitId?: string;
  /** A wider scope: `unitId` itself or a unit above it; absent: `unitId`'s subtree. */
  scopeUnitId?: string;
}

export interface CreatedPrincipal {
  principal: PrincipalEntity;
  /** Shown to the caller once; only its hash is stored. */
  token: string;
}

@Injectable()
export class PrincipalsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly changes: ChangeFeed,
    private readonly units: UnitDirectory,
  ) {}

  /** Creates a principal; `actorId` (the admin who asks) is recorded in the system log. */
  async create(input: NewPrincipal, actorId: string): Promise<CreatedPrincipal> {
    return this.transactions.run((manager) => this.insert(manager, input, actorId));
  }

  /** Every principal, revoked ones included, oldest first. */
  async list(): Promise<PrincipalEntity[]> {
    return this.transactions.read((manager) =>
      manager.getRepository(PrincipalEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
    );
  }

  /**
   * The active (not revoked) principal holding `token`, if any, with its scope: the subtree of
   * its scope unit (its own unit unless an admin granted a wider one), EVERYWHERE for the root's.
   * The tree comes from the process's UnitDirectory (no query while it is fresh), and the result
   * is cached by PrincipalCache under the same change-feed version: a new unit re-reads both.
   */
  async findByToken(token: string): Promise<AuthenticatedPrincipal | null> {
    const tokenHash = hashToken(token);
    const principal = await this.transactions.read((manager) =>
      manager.getRepository(PrincipalEntity).findOneBy({ tokenHash, revokedAt: IsNull() }),
    );
    if (!principal) return null;
    const scopeUnitId = principal.scopeUnitId ?? principal.unitId;
    const tree = await this.units.tree();
    return {
      id: principal.id,
      name: principal.name,
      roles: principal.roles,
      unitId: principal.unitId,
      scopeUnitId,
      scope: tree.scopeOf(scopeUnitId),
    };
  }

  /** Revokes the principal's token for good. Revoking a revoked principal changes nothing. */
  async revoke(id: string, actorId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(PrincipalEntity);
      const principal = await repository.findOneBy({ id });
      if (!principal) throw new AppError('NOT_FOUND', messages.principalNotFound(id), { id });
      if (principal.revokedAt !== null) return;
      const revokedAt = new Date().toISOString();
      await repository.update({ id }, { revokedAt });
      // Every process's PrincipalCache stops trusting what it read before this commit.
      await this.changes.announce(manager);
      await appendSystemEntry(manager, {
        actorId,
        action: 'principal.revoke',
        target: id,
        payload: { name: principal.name, roles: [...principal.roles] },
        at: revokedAt,
      });
    });
    this.changes.changed();
  }

  /**
   * Makes `token` the token of the `admin` principal (ADMIN_TOKEN): creates the principal, or
   * gives it this token, the admin role and un-revokes it.
   */
  async ensureAdminToken(token: string): Promise<'created' | 'updated' | 'unchanged'> {
    const tokenHash = hashToken(token);
    const outcome = await this.transactions.run(async (manager) => {
      await this.lockAdminBootstrap(manager);
      const repository = manager.getRepository(PrincipalEntity);
      const admin = await this.findBootstrapAdmin(manager);
      const holder = await repository.findOneBy({ tokenHash });
      if (holder && holder.id !== admin?.id) {
        throw new Error(
          `ADMIN_TOKEN is already the token of the principal "${holder.name}" (${holder.id}); choose another`,
        );
      }
      if (!admin) {
        await this.insert(
          manager,
          { name: BOOTSTRAP_ADMIN_NAME, roles: ['admin'] },
          SYSTEM_ACTOR,
          token,
        );
        return 'created';
      }
      if (admin.tokenHash === tokenHash && admin.revokedAt === null) return 'unchanged';
      await repository.update({ id: admin.id }, { tokenHash, revokedAt: null });
      // The old token stops working: cached principals read before this commit are not trusted.
      await this.changes.announce(manager);
      await appendSystemEntry(manager, {
        actorId: SYSTEM_ACTOR,
        action: 'principal.token-reset',
        target: admin.id,
        payload: { name: admin.name, roles: [...admin.roles], reason: 'ADMIN_TOKEN' },
        at: new Date().toISOString(),
      });
      return 'updated' as const;
    });
    if (outcome === 'updated') this.changes.changed();
    return outcome;
  }

  /**
   * Creates the `admin` principal when no active principal holds the admin role, and returns its
   * token (to be printed once); returns undefined when there is an admin already.
   */
  async createAdminIfNone(): Promise<string | undefined> {
    return this.transactions.run(async (manager) => {
      await this.lockAdminBootstrap(manager);
      const active = await manager.getRepository(PrincipalEntity).findBy({ revokedAt: IsNull() });
      if (active.some((principal) => principal.roles.includes('admin'))) return undefined;
      const { token } = await this.insert(
        manager,
        { name: BOOTSTRAP_ADMIN_NAME, roles: ['admin'] },
        SYSTEM_ACTOR,
      );
      return token;
    });
  }

  private async insert(
    manager: EntityManager,
    input: NewPrincipal,
    actorId: string,
    token: string = generateToken(),
  ): Promise<CreatedPrincipal> {
    const unitId = input.unitId ?? ROOT_UNIT_ID;
    const scopeUnitId = input.scopeUnitId ?? null;
    if (input.unitId !== undefined || input.scopeUnitId !== undefined) {
      // Units are only ever added: what this transaction reads stays true until it commits.
      const tree = await this.units.treeIn(manager);
      if (!tree.get(unitId)) {
        throw invalidField('unitId', 'unitExists', messages.unitUnknown('unitId'));
      }
      if (scopeUnitId !== null && !tree.get(scopeUnitId)) {
        throw invalidField('scopeUnitId', 'unitExists', messages.unitUnknown('scopeUnitId'));
      }
      if (scopeUnitId !== null && !tree.isAncestorOrSelf(scopeUnitId, unitId)) {
        throw invalidField('scopeUnitId', 'isAncestorOfUnit', messages.scopeNotWider());
      }
    }
    const principal = manager.getRepository(PrincipalEntity).create({
      id: randomUUID(),
      name: input.name,
      roles: [...input.roles],
      unitId,
      scopeUnitId,
      tokenHash: hashToken(token),
      createdAt: new Date().toISOString(),
      revokedAt: null,
    });
    await manager.getRepository(PrincipalEntity).insert(principal);
    // Who, what and when; never the token.
    await appendSystemEntry(manager, {
      actorId,
      action: 'principal.create',
      target: principal.id,
      payload: {
        name: principal.name,
        roles: [...principal.roles],
        // The units when an admin named them (a principal without one belongs to the root).
        ...(input.unitId === undefined ? {} : { unitId }),
        ...(scopeUnitId === null ? {} : { scopeUnitId }),
      },
      at: principal.createdAt,
    });
    return { principal, token };
  }

  /** The oldest principal named `admin` that holds the admin role (revoked or not). */
  private async findBootstrapAdmin(manager: EntityManager): Promise<PrincipalEntity | undefined> {
    const named = await manager
      .getRepository(PrincipalEntity)
      .find({ where: { name: BOOTSTRAP_ADMIN_NAME }, order: { createdAt: 'ASC', id: 'ASC' } });
    return named.find((principal) => principal.roles.includes('admin'));
  }

  private lockAdminBootstrap(manager: EntityManager): Promise<void> {
    return lockUntilCommit(manager, ADMIN_BOOTSTRAP_LOCK_KEY);
  }
}
