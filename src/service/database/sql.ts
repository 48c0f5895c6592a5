/**
 * Prepared raw SQL for the stores' hot paths, on the connection of the caller's transaction
 * (`manager` from runInTransaction): better-sqlite3's own prepared statements, or pg's named
 * prepared statements. TypeORM stays for entities, migrations and everything else; its query
 * builder and entity hydration cost more than the statements themselves on the event path.
 *
 * Statements are written once with `?` placeholders (numbered `$1…` for PostgreSQL here) and
 * come in two kinds: a `Query` (rows, and how to map them) and a `Command` (a write). Several
 * independent ones form a group that PostgreSQL runs in ONE round trip — `read` wraps queries
 * as `json_agg` subqueries of one SELECT, `write` wraps commands as the parts of one CTE — and
 * SQLite runs one after the other (its statements cost microseconds, not a round trip).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { isPostgres } from './data-source-options.js';

/** A row as both drivers give it: column names as written in the SELECT list. */
export type SqlRow = Record<string, unknown>;

/** A read: its text, its parameters, and how its rows become the result. */
export interface Query<T> {
  readonly text: string;
  readonly params: readonly unknown[];
  readonly map: (rows: SqlRow[]) => T;
}

/** A write (INSERT, UPDATE, DELETE without RETURNING). */
export interface Command {
  readonly text: string;
  readonly params: readonly unknown[];
}

export const query = <T>(
  text: string,
  params: readonly unknown[],
  map: (rows: SqlRow[]) => T,
): Query<T> => ({ text, params, map });

export const command = (text: string, params: readonly unknown[]): Command => ({ text, params });

type Results<Q extends readonly Query<unknown>[]> = {
  -readonly [K in keyof Q]: Q[K] extends Query<infer T> ? T : never;
};

export interface SqlSession {
  readonly postgres: boolean;
  /** Rows of one query, mapped. */
  get<T>(query: Query<T>): Promise<T>;
  /** Independent queries as one group (one round trip on PostgreSQL), each result mapped. */
  read<const Q extends readonly Query<unknown>[]>(...queries: Q): Promise<Results<Q>>;
  /** Rows changed by one command. */
  run(command: Command): Promise<number>;
  /**
   * Independent commands as one group: one statement (a CTE) on PostgreSQL, in order on SQLite.
   * They must not touch the same row twice (PostgreSQL would apply only one change). Returns
   * the rows each one changed.
   */
  write(commands: readonly Command[]): Promise<number[]>;
}

/** `?` → `$n`, counting from `offset + 1` (the statements here hold no `?` in literals). */
const numbered = (text: string, offset = 0): string => {
  let n = offset;
  return text.replace(/\?/g, () => {
    n += 1;
    return `$${n}`;
  });
};

const countOf = (text: string): number => (text.match(/\?/g) ?? []).length;

const flatParams = (parts: readonly { params: readonly unknown[] }[]): unknown[] =>
  parts.flatMap((part) => part.params);

// ---------------------------------------------------------------------------------------------
// SQLite

const sqliteStatements = new WeakMap<
  BetterSqlite3.Database,
  Map<string, BetterSqlite3.Statement>
>();

/** A driver's error as it is (it may come from another realm, under test), else wrapped. */
const asError = (error: unknown): Error =>
  typeof error === 'object' && error !== null && 'message' in error
    ? (error as Error)
    : new Error(String(error));

/** The result of synchronous work as a promise: resolved, or rejected with what it threw. */
const settled = <T>(work: () => T): Promise<T> => {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(asError(error));
  }
};

const sqliteSession = (db: BetterSqlite3.Database): SqlSession => {
  let cache = sqliteStatements.get(db);
  if (!cache) {
    cache = new Map();
    sqliteStatements.set(db, cache);
  }
  const statements = cache;
  const prepared = (text: string): BetterSqlite3.Statement => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const rows = <T>(q: Query<T>): T => q.map(prepared(q.text).all(...q.params) as SqlRow[]);
  const changes = (c: Command): number => prepared(c.text).run(...c.params).changes;
  // better-sqlite3 is synchronous: these resolve at once (an error becomes a rejection).
  return {
    postgres: false,
    get: <T>(q: Query<T>) => settled(() => rows(q)),
    read: <const Q extends readonly Query<unknown>[]>(...queries: Q) =>
      settled(() => queries.map((q) => rows(q)) as Results<Q>),
    run: (c) => settled(() => changes(c)),
    write: (commands) => settled(() => commands.map(changes)),
  };
};

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** Named statements per connection stay prepared for its life: their number is bounded. */
const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

const nameOf = (text: string): string | undefined => {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `cf_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
};

/** Texts in PostgreSQL's form, by their `?` form (or group key). */
const postgresTexts = new Map<string, string>();

const postgresText = (key: string, build: () => string): string => {
  let text = postgresTexts.get(key);
  if (text === undefined) {
    text = build();
    postgresTexts.set(key, text);
  }
  return text;
};

const readText = (queries: readonly Query<unknown>[]): string => {
  let offset = 0;
  const columns = queries.map((q, index) => {
    const inner = numbered(q.text, offset);
    offset += countOf(q.text);
    return `(SELECT coalesce(json_agg(q), '[]'::json) FROM (${inner}) q) AS r${index}`;
  });
  return `SELECT ${columns.join(', ')}`;
};

const writeText = (commands: readonly Command[]): string => {
  let offset = 0;
  const parts = commands.map((c, index) => {
    const inner = numbered(c.text, offset);
    offset += countOf(c.text);
    return `w${index} AS (${inner} RETURNING 1)`;
  });
  const counts = commands.map((_, index) => `(SELECT count(*) FROM w${index})::int AS n${index}`);
  return `WITH ${parts.join(', ')} SELECT ${counts.join(', ')}`;
};

const postgresSession = (client: PoolClient): SqlSession => {
  const execute = async (text: string, params: readonly unknown[]) => {
    const name = nameOf(text);
    const values = params as unknown[];
    return client.query<SqlRow>(name ? { name, text, values } : { text, values });
  };
  const single = (text: string) => postgresText(text, () => numbered(text));
  return {
    postgres: true,
    get: async <T>(q: Query<T>) => q.map((await execute(single(q.text), q.params)).rows),
    read: async <const Q extends readonly Query<unknown>[]>(...queries: Q) => {
      if (queries.length === 1) {
        const [q] = queries as unknown as [Query<unknown>];
        return [q.map((await execute(single(q.text), q.params)).rows)] as Results<Q>;
      }
      const key = `read\u0000${queries.map((q) => q.text).join('\u0000')}`;
      const text = postgresText(key, () => readText(queries));
      const { rows } = await execute(text, flatParams(queries));
      const row = rows[0] ?? {};
      return queries.map((q, index) => q.map(row[`r${index}`] as SqlRow[])) as Results<Q>;
    },
    run: async (c) => (await execute(single(c.text), c.params)).rowCount ?? 0,
    write: async (commands) => {
      if (commands.length === 0) return [];
      if (commands.length === 1) {
        const [c] = commands as [Command];
        return [(await execute(single(c.text), c.params)).rowCount ?? 0];
      }
      const key = `write\u0000${commands.map((c) => c.text).join('\u0000')}`;
      const text = postgresText(key, () => writeText(commands));
      const { rows } = await execute(text, flatParams(commands));
      const row = rows[0] ?? {};
      return commands.map((_, index) => Number(row[`n${index}`]));
    },
  };
};

// ---------------------------------------------------------------------------------------------

/**
 * The raw session of `manager`'s transaction. On SQLite the process has one connection (and
 * runInTransaction serialises transactions on it); on PostgreSQL it is the transaction's own
 * pooled connection, so the statements run inside the transaction.
 */
export const sqlSession = (manager: EntityManager): SqlSession => {
  const runner = manager.queryRunner;
  if (isPostgres(manager.connection)) {
    const client = (runner as unknown as { databaseConnection?: PoolClient } | undefined)
      ?.databaseConnection;
    if (!runner?.isTransactionActive || !client) {
      throw new Error('sqlSession needs the manager of an open transaction (runInTransaction)');
    }
    return postgresSession(client);
  }
  const db = (
    manager.connection.driver as unknown as { databaseConnection: BetterSqlite3.Database }
  ).databaseConnection;
  return sqliteSession(db);
};
