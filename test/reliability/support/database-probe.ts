/**
 * Reads the database directly while no service process runs on it, to see what a kill left
 * behind (how far the scheduler got before it died). Read-only queries only.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

export interface DeadlineCounts {
  fired: number;
  pendingPastDue: number;
}

const SQL = `SELECT
  SUM(CASE WHEN fired_at IS NOT NULL THEN 1 ELSE 0 END) AS fired,
  SUM(CASE WHEN status = 'pending' AND due_on IS NOT NULL AND due_on < $1 THEN 1 ELSE 0 END) AS pending
  FROM deadline`;

/** Deadlines fired, and deadlines still pending whose due day is before `today` (YYYY-MM-DD). */
export const countDeadlines = async (
  databaseUrl: string,
  today: string,
): Promise<DeadlineCounts> => {
  if (databaseUrl.startsWith('sqlite:')) {
    const database = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true });
    try {
      const row = database.prepare(SQL.replace('$1', '?')).get(today) as {
        fired: number | null;
        pending: number | null;
      };
      return { fired: row.fired ?? 0, pendingPastDue: row.pending ?? 0 };
    } finally {
      database.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ fired: string | null; pending: string | null }>(SQL, [
      today,
    ]);
    const row = result.rows[0];
    return { fired: Number(row?.fired ?? 0), pendingPastDue: Number(row?.pending ?? 0) };
  } finally {
    await client.end();
  }
};
