import { Module } from '@nestjs/common';
import { HistoryStore } from './history.store.js';

/** The case history's store, shared by cases (append, head) and audit (reads). */
@Module({ providers: [HistoryStore], exports: [HistoryStore] })
export class HistoryModule {}
