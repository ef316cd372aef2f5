import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a replay needs to miss no event (live/live-hub.ts, `replay`): ids are taken when a row is
 * inserted, not when it commits, so an event with a lower id than the last one a subscriber saw
 * can commit after it. `xid` is the transaction that published the event; `snapshot` what was
 * committed when it was published (the statement's snapshot). An event with a lower id that
 * commits later belongs to a transaction that `snapshot` of the later one does not see; the
 * index on (xid, id) finds them by the snapshot's in-progress list and xmax. Older rows keep nulls (they take no
 * part in the look-back) until purged.
 */
export class LiveEventCommitOrder1765900100000 implements MigrationInterface {
  name = 'LiveEventCommitOrder1765900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE live_event ADD COLUMN xid xid8, ADD COLUMN snapshot pg_snapshot;
      ALTER TABLE live_event ALTER COLUMN xid SET DEFAULT pg_current_xact_id(),
        ALTER COLUMN snapshot SET DEFAULT pg_current_snapshot();
      CREATE INDEX live_event_xid ON live_event (xid, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE live_event DROP COLUMN xid, DROP COLUMN snapshot');
  }
}
