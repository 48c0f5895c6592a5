import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './service/bootstrap.js';
import { AppConfigService } from './service/config/app-config.service.js';

const main = async (): Promise<void> => {
  const app = await createApp();
  const config = app.get(AppConfigService);
  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${shownHost}:${config.port}/api`;
  Logger.log(`cadreflow listens on ${base} (docs at ${base}/docs)`, 'Main');
};

main().catch((error: unknown) => {
  // Configuration and database errors end here: say what is wrong and stop.
  process.stderr.write(
    `cadreflow could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
