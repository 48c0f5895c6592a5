import { Module } from '@nestjs/common';
import { ReadLogModule } from '../read-log/read-log.module.js';
import { UnitsModule } from '../units/units.module.js';
import { CadreStore } from './cadre.store.js';
import { CadreImportService } from './cadre-import.service.js';
import { CadresController } from './cadres.controller.js';
import { CadresService } from './cadres.service.js';

@Module({
  imports: [UnitsModule, ReadLogModule],
  controllers: [CadresController],
  providers: [CadresService, CadreStore, CadreImportService],
  exports: [CadresService, CadreStore],
})
export class CadresModule {}
