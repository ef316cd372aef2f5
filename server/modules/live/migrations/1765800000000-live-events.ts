import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live events (issue #11): what subscriptions deliver, kept for a bounded time so that a client
 * reconnecting with the last event id it saw receives what it missed. Rows are written by the
 * SQL rules (live/sql/publish.sql) in the transaction of the change they describe.
 */
export class LiveEvents1765800000000 implements MigrationInterface {
  name = 'LiveEvents1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE live_event (
        id bigserial PRIMARY KEY,
        topic text NOT NULL CHECK (topic ~ '^[a-z][A-Za-z]*$'),
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX live_event_created_at ON live_event (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE live_event');
  }
}
