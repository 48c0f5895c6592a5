import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first response to a request sent with an `Idempotency-Key`, replayed for its repeats. */
@Entity({ name: 'idempotency_record' })
export class IdempotencyRecordEntity {
  @PrimaryColumn({ name: 'principal_id', type: 'varchar', length: 36 })
  principalId!: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  /** SHA-256 of the route and canonical body: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'text' })
  response!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;
}
