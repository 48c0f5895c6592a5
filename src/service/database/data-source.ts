import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '../config/env.validation.js';
import { createDataSourceOptions } from './data-source-options.js';

/**
 * The data source for the TypeORM CLI, from DATABASE_URL, e.g.
 * `npx typeorm migration:show -d dist/src/service/database/data-source.js`.
 */
export const dataSource = new DataSource(
  createDataSourceOptions(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, {
    sqliteSynchronous:
      process.env.SQLITE_SYNCHRONOUS?.trim().toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL',
  }),
);
