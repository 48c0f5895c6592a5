import { Module } from '@nestjs/common';
import { UnitDirectory } from './unit-directory.js';
import { UnitStore } from './unit.store.js';
import { UnitsController } from './units.controller.js';
import { UnitsService } from './units.service.js';

/** The unit tree: its table, its per-process cache (scopes), and its routes. */
@Module({
  controllers: [UnitsController],
  providers: [UnitStore, UnitDirectory, UnitsService],
  exports: [UnitStore, UnitDirectory],
})
export class UnitsModule {}
