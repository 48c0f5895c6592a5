/** Whether a database error is a unique/primary-key violation, on PostgreSQL or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  // PostgreSQL: 23505 unique_violation. better-sqlite3: SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE.
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
