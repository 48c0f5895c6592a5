/** A migrated TypeORM data source on a throw-away database, for tests below the HTTP layer. */
import { DataSource } from 'typeorm';
import {
  createDataSourceOptions,
  type DataSourceSettings,
} from '../../src/service/database/data-source-options.js';
import { runMigrations } from '../../src/service/database/run-migrations.js';
import {
  createThrowawayDatabase,
  type DatabaseUnderTest,
  type ThrowawayDatabase,
} from './throwaway-database.js';

export interface TestDataSource {
  dataSource: DataSource;
  database: ThrowawayDatabase;
  close(): Promise<void>;
}

export const openTestDataSource = async (
  kind: DatabaseUnderTest,
  settings: DataSourceSettings = {},
): Promise<TestDataSource> => {
  const database = await createThrowawayDatabase(kind);
  const dataSource = await new DataSource(
    createDataSourceOptions(database.url, settings),
  ).initialize();
  await runMigrations(dataSource);
  return {
    dataSource,
    database,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    },
  };
};
