import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `Idempotency-Key`s of mutations (server/common/idempotency.ts): one row per principal, key and
 * position of the mutation in its operation, written in the effect's transaction. `result` is
 * the mutation's result as JSON (records by type and id, no secrets); rows expire after 24 h and
 * are purged in batches as new keys are stored (on `expires_at`).
 */
export class IdempotencyKeys1765610000000 implements MigrationInterface {
  name = 'IdempotencyKeys1765610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        principal text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        position int NOT NULL CHECK (position >= 0),
        fingerprint text NOT NULL,
        result jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        PRIMARY KEY (principal, key, position)
      );
      CREATE INDEX idempotency_key_expires_at_idx ON idempotency_key(expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_key');
  }
}
