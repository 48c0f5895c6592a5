import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfigService } from '../config/app-config.service.js';
import { createDataSourceOptions } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';
import { ChangeFeed } from './change-feed.js';
import { Transactions } from './transactions.js';

/** Marks a failure that retrying the connection will not cure. */
class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
}

const openAndMigrate = async (options: DataSourceOptions): Promise<DataSource> => {
  const dataSource = await new DataSource(options).initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw new MigrationFailedError(
      `the database migrations failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return dataSource;
};

/**
 * The TypeORM connection for DATABASE_URL, migrated to the latest schema before anything uses it,
 * and `Transactions`, the only way the features reach it.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => ({
        ...createDataSourceOptions(config.databaseUrl, {
          sqliteSynchronous: config.sqliteSynchronous,
        }),
        // A PostgreSQL server that is still starting gets a few chances; a bad migration none.
        retryAttempts: 5,
        retryDelay: 2000,
        toRetry: (error: unknown) => !(error instanceof MigrationFailedError),
      }),
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('TypeORM options are missing');
        return openAndMigrate(options);
      },
    }),
  ],
  // One ChangeFeed per process (one LISTEN connection): the caches of principals and units.
  providers: [Transactions, ChangeFeed],
  exports: [Transactions, ChangeFeed],
})
export class DatabaseModule {}
