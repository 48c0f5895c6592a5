/**
 * The principals of recently seen bearer tokens, so that authenticating a request costs no
 * database read while nothing has changed. An entry is trusted only while the ChangeFeed's
 * version is the one read before the entry was read from the database: a revocation or a token
 * reset (announced by PrincipalsService) in any process makes every older entry a miss, and so
 * does a process whose change feed is down (no version: no caching at all).
 */
import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../database/change-feed.js';
import type { AuthenticatedPrincipal } from './authenticated-principal.js';

/** Entries kept at most; past it the cache starts again empty (tokens are few in practice). */
const MAX_ENTRIES = 10_000;

@Injectable()
export class PrincipalCache {
  private readonly entries = new Map<
    string,
    { readonly principal: AuthenticatedPrincipal; readonly version: string }
  >();

  constructor(private readonly changes: ChangeFeed) {}

  /**
   * The principal of the token whose hash is `tokenHash`: from the cache when its entry is
   * still trusted, else `load`ed (and cached when the token is valid).
   */
  async principalOf(
    tokenHash: string,
    load: () => Promise<AuthenticatedPrincipal | null>,
  ): Promise<AuthenticatedPrincipal | null> {
    const version = this.changes.version();
    if (version === null) return load();
    const cached = this.entries.get(tokenHash);
    if (cached?.version === version) return cached.principal;
    const principal = await load();
    if (principal) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(tokenHash, { principal, version });
    } else this.entries.delete(tokenHash);
    return principal;
  }
}
