import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/** The auditor's routes: transitions across cases, streamed exports, chain-head digests. */
@Module({
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditModule {}
