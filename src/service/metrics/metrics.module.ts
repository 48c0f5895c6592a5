import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/** One Metrics per application, for every module that counts something. */
@Global()
@Module({ providers: [Metrics], controllers: [MetricsController], exports: [Metrics] })
export class MetricsModule {}
