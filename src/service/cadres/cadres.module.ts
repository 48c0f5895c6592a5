import { Module } from '@nestjs/common';
import { CadreStore } from './cadre.store.js';
import { CadresController } from './cadres.controller.js';
import { CadresService } from './cadres.service.js';

@Module({
  controllers: [CadresController],
  providers: [CadresService, CadreStore],
  exports: [CadresService, CadreStore],
})
export class CadresModule {}
