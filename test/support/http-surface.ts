/** What a security test needs to see of the running service: its routes and its whole data. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { runInTransaction } from '../../src/service/database/transaction-runner.js';

export interface RegisteredRoute {
  method: string;
  /** Fastify's pattern, e.g. `/api/cases/:id/events`. */
  path: string;
}

/**
 * Every route the app has registered, read from Fastify's own route tree (`printRoutes`), so a
 * route added to any controller (or plugin) shows up here. HEAD routes that Fastify derives from
 * GET routes are left out: they answer like their GET.
 */
export const registeredRoutes = (app: NestFastifyApplication): RegisteredRoute[] => {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    const path = `${stack.join('')}${match[2] ?? ''}`;
    stack.push(match[2] ?? '');
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') routes.push({ method, path });
    }
  }
  if (routes.length === 0) throw new Error(`could not read the route tree:\n${tree}`);
  return routes;
};

export interface DataFingerprint {
  /** Rows per table. */
  counts: Record<string, number>;
  /** SHA-256 of every row of every table: any change to any row changes it. */
  digest: string;
}

/**
 * Tables a read writes to by design: the read log records who read what (SPEC §1), so a request
 * that only reads still adds its row there.
 */
const READ_RECORDS: ReadonlySet<string> = new Set(['read_log']);

/**
 * A fingerprint of every table of the service's database (they are small in tests), but the
 * read log: "nothing changed" means no data changed, however often it was read.
 */
export const dataFingerprint = async (app: NestFastifyApplication): Promise<DataFingerprint> => {
  const dataSource = app.get(DataSource);
  const tables = [...new Set(dataSource.entityMetadatas.map((entity) => entity.tableName))]
    .filter((table) => !READ_RECORDS.has(table))
    .sort();
  return runInTransaction(dataSource, async (manager) => {
    const counts: Record<string, number> = {};
    const hash = createHash('sha256');
    for (const table of tables) {
      const rows = await manager.query<unknown[]>(`SELECT * FROM "${table}"`);
      counts[table] = rows.length;
      const lines = rows.map((row) => JSON.stringify(row)).sort();
      hash.update(`${table}\n${lines.join('\n')}\n`);
    }
    return { counts, digest: hash.digest('hex') };
  });
};
