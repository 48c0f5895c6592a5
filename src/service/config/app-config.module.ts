import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfigService } from './app-config.service.js';
import { validateEnv, type EnvironmentVariableName } from './env.validation.js';

/** Values that take precedence over the process environment (tests, `createApp` options). */
export type EnvironmentOverrides = Partial<Record<EnvironmentVariableName, string>>;

/**
 * The validated environment, for the whole application. The process environment is the one
 * source (no `.env` file is read: use `node --env-file=.env` for that), so `createApp`, which
 * validates the same input before Nest starts, sees exactly what ConfigService sees.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(overrides: EnvironmentOverrides = {}): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          cache: true,
          validate: (env) => validateEnv({ ...env, ...overrides }),
          // ConfigModule copies the validated values into process.env (for keys not set there);
          // reading only the validated values keeps an override ('' = none) from losing to a
          // value an earlier app of the same process (a test) left in process.env.
          skipProcessEnv: true,
        }),
      ],
      providers: [AppConfigService],
      exports: [AppConfigService],
    };
  }
}
