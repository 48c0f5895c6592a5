/**
 * The largest value of the databases' `integer` column (32-bit signed on PostgreSQL). A number
 * from a request that is compared with such a column must not exceed it: PostgreSQL answers
 * "integer out of range" (a 500) where SQLite would just find nothing.
 */
export const MAX_INT32 = 2_147_483_647;

/** A whole number from 1 to MAX_INT32. */
export const isPositiveInt32 = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_INT32;
