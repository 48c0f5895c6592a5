import { Module } from '@nestjs/common';
import { ReadLogModule } from '../read-log/read-log.module.js';
import { CadreStore } from './cadre.store.js';
import { CadresController } from './cadres.controller.js';
import { CadresService } from './cadres.service.js';

@Module({
  imports: [ReadLogModule],
  controllers: [CadresController],
  providers: [CadresService, CadreStore],
  exports: [CadresService, CadreStore],
})
export class CadresModule {}
