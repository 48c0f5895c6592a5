import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarYearData } from '../../engine/index.js';

import type { RecomputedDeadline } from '../deadlines/deadline.store.js';

/**
 * A year of the working-day calendar as an admin uploaded it. Append-only: each upload is the
 * year's next version, and the latest version of each year overrides the built-in data.
 */
@Entity({ name: 'calendar_year' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'simple-json' })
  data!: CalendarYearData;

  @Column({ name: 'published_by', type: 'varchar', length: 36 })
  publishedBy!: string;

  @Column({ name: 'published_at', type: 'varchar', length: 30 })
  publishedAt!: string;

  /** The pending deadlines whose due date this upload changed. */
  @Column({ type: 'simple-json' })
  recomputed!: RecomputedDeadline[];
}
