import { Module } from '@nestjs/common';
import { ReadLogController } from './read-log.controller.js';
import { ReadLogService } from './read-log.service.js';
import { ReadLogStore } from './read-log.store.js';

/** The read log: its store (for reads inside a transaction), its service and its route. */
@Module({
  controllers: [ReadLogController],
  providers: [ReadLogStore, ReadLogService],
  exports: [ReadLogStore, ReadLogService],
})
export class ReadLogModule {}
