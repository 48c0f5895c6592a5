/**
 * Changes announced by one process and heard by every process on the database, so that a cache
 * never outlives what it caches (the principal a bearer token names: PrincipalCache).
 *
 * A cache keeps, with each entry, the `version()` read before the entry was read from the
 * database, and trusts it only while `version()` is still the same:
 * - PostgreSQL: a change is announced with NOTIFY inside the changing transaction (delivered at
 *   its commit, never before) and every process LISTENs on a connection of its own; the version
 *   moves with each notification, and with each change committed here. While that connection is
 *   down — starting, lost, reconnecting — the version is null: no cache may be trusted.
 * - SQLite: the service is the one process writing its file; the version moves with each change
 *   committed here, and with `PRAGMA data_version`, which moves whenever another connection
 *   commits to the file (a second process, an operator's tool).
 */
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { isPostgres } from './data-source-options.js';

const CHANNEL = 'cadreflow_changes';
const RECONNECT_MS = 1000;

type SqliteConnection = {
  prepare(source: string): { pluck(): { get(): unknown } };
};

@Injectable()
export class ChangeFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeFeed.name);
  /** Changes seen by this process (committed here, or notified). */
  private changes = 0;
  private listener: pg.Client | null = null;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private dataVersion: { get(): unknown } | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    if (isPostgres(this.dataSource)) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const listener = this.listener;
    this.listener = null;
    this.listening = false;
    await listener?.end().catch(() => undefined);
  }

  /** The current version of what may be cached; null when nothing may be trusted from a cache. */
  version(): string | null {
    if (isPostgres(this.dataSource)) return this.listening ? String(this.changes) : null;
    this.dataVersion ??= (
      this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }
    ).databaseConnection
      .prepare('PRAGMA data_version')
      .pluck();
    return `${this.changes}:${String(this.dataVersion.get())}`;
  }

  /**
   * Announces a change inside the changing transaction: other processes hear it when the
   * transaction commits. Call `changed()` here once it has committed.
   */
  async announce(manager: EntityManager): Promise<void> {
    if (isPostgres(this.dataSource)) {
      await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, String(process.pid)]);
    }
  }

  /** A change committed by this process: caches of this process stop trusting older entries. */
  changed(): void {
    this.changes += 1;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const options = this.dataSource.options as { url?: string };
    const client = new pg.Client({ connectionString: options.url, application_name: 'cadreflow' });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.listening = false;
      this.changes += 1;
      if (error) this.logger.warn(`change feed connection lost: ${error.message}; caches bypassed`);
      void client.end().catch(() => undefined);
      if (!this.stopped) this.retry = setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    client.on('notification', () => {
      this.changes += 1;
    });
    client.on('error', lost);
    client.on('end', () => lost());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      // Whatever changed while no one listened: older entries are not trusted.
      this.changes += 1;
      this.listening = this.listener === client;
    } catch (error) {
      lost(error as Error);
    }
  }
}
