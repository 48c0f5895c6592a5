/**
 * The keys of the PostgreSQL advisory locks the service takes, in one place so that no two
 * purposes share one. (SQLite needs none: its transactions are exclusive.)
 */

/**
 * The calendar lock: shared while a transaction computes or reads due days (every case event,
 * the deadline scheduler), exclusive while a calendar year is replaced and the pending due days
 * are recomputed — so that no due day is computed with a calendar that is being replaced.
 */
export const CALENDAR_LOCK_KEY = 6_040_601;
