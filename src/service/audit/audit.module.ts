import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module.js';
import { ReadLogModule } from '../read-log/read-log.module.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { SigningKeyService } from './signing-key.service.js';
import { SystemLogService } from './system-log.service.js';

/** The auditor's routes: transitions across cases, exports, signed digests, the system log. */
@Module({
  imports: [HistoryModule, ReadLogModule],
  controllers: [AuditController],
  providers: [AuditService, SystemLogService, SigningKeyService],
})
export class AuditModule {}
