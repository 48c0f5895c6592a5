import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';

/** The "shutting down" line an operator looks for (main.ts writes "listens on"). */
@Injectable()
export class LifecycleLog implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Main');

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(
      `shutting down${signal ? ` on ${signal}` : ''}: finishing the requests in flight, then closing the database`,
    );
  }
}
