import { Module } from '@nestjs/common';
import { WorkflowRegistryService } from './workflow-registry.service.js';
import { WorkflowsController } from './workflows.controller.js';

@Module({
  controllers: [WorkflowsController],
  providers: [WorkflowRegistryService],
  exports: [WorkflowRegistryService],
})
export class WorkflowsModule {}
