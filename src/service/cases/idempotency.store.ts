/** The `idempotency_record` table: the first response to a request sent with an Idempotency-Key. */
import { Injectable } from '@nestjs/common';
import { command, query, type Command, type Query } from '../database/sql.js';

/** A recorded first response: the request's hash and the response body, as JSON text. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly response: string;
}

@Injectable()
export class IdempotencyStore {
  /** The record of `principalId`'s `key`, if any. */
  find(principalId: string, key: string): Query<IdempotencyRecord | null> {
    return query(
      `SELECT request_hash AS "requestHash", response FROM idempotency_record
        WHERE principal_id = ? AND idempotency_key = ?`,
      [principalId, key],
      ([row]) =>
        row
          ? { requestHash: row['requestHash'] as string, response: row['response'] as string }
          : null,
    );
  }

  /** Records a first response (a second record of the same key is a unique violation). */
  record(
    principalId: string,
    key: string,
    requestHash: string,
    response: string,
    at: string,
  ): Command {
    return command(
      `INSERT INTO idempotency_record (principal_id, idempotency_key, request_hash, response,
         created_at) VALUES (?, ?, ?, ?, ?)`,
      [principalId, key, requestHash, response, at],
    );
  }
}
