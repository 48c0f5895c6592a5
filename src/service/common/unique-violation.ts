type DriverError = { code?: unknown; table?: unknown; message?: unknown };

/**
 * Whether a database error is a unique/primary-key violation, on PostgreSQL or SQLite (raw from
 * the driver, or wrapped by TypeORM); of `table` only, when given.
 */
export function isUniqueViolation(error: unknown, table?: string): boolean {
  const candidate = error as (DriverError & { driverError?: DriverError }) | null;
  const driver = candidate?.driverError ?? candidate;
  const code = driver?.code;
  // PostgreSQL: 23505 unique_violation. better-sqlite3: SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE.
  const unique =
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE';
  if (!unique || table === undefined) return unique;
  // PostgreSQL names the table; SQLite says "UNIQUE constraint failed: table.column, …".
  return (
    driver?.table === table ||
    (typeof driver?.message === 'string' && driver.message.includes(`failed: ${table}.`))
  );
}
