import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'UNMANAGED_POSTING', 'PASSIVE_CADRE', 'NOMINAL_ROLE', 'UNUSED_TALENT',
  'OVERDUE_RETURN', 'MISSING_FINAL_EVALUATION'`;

/**
 * Alerts become maintained state (issue #11): the `posting_alert` view, recomputed on every read
 * (11 s per page at 100 000 postings), gives way to the `alert` table, kept up to date by the SQL
 * rules' triggers in the transaction of every write that can change an alert, and by the daily
 * sweep (`alert_sweep` records each) for what changes with the passing of days. A row is one
 * spell of one condition: open while `cleared_on` is null, kept after it clears (history and
 * `asOf`); at most one open row per posting and kind. The first sweep fills the table.
 */
export class MaintainedAlerts1765800000100 implements MigrationInterface {
  name = 'MaintainedAlerts1765800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW IF EXISTS posting_alert');
    await q.query(`
      CREATE TABLE alert (
        id serial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        posting_id int NOT NULL REFERENCES posting (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        raised_on date NOT NULL,
        cleared_on date CHECK (cleared_on >= raised_on),
        facts jsonb NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by_id int REFERENCES app_user (id),
        acknowledgement_note text CHECK (length(acknowledgement_note) <= 2000),
        assignee_id int REFERENCES app_user (id),
        assigned_at timestamptz,
        assigned_by_id int REFERENCES app_user (id),
        CHECK ((acknowledged_at IS NULL) = (acknowledged_by_id IS NULL)),
        CHECK ((assignee_id IS NULL) = (assigned_at IS NULL))
      );
      -- One open spell per posting and kind; the rules' upsert relies on it.
      CREATE UNIQUE INDEX alert_open_posting_kind ON alert (posting_id, kind)
        WHERE cleared_on IS NULL;
      -- The dashboards' list (open, newest first) and its count without touching the heap.
      CREATE INDEX alert_open_raised ON alert (raised_on DESC, id DESC) INCLUDE (kind)
        WHERE cleared_on IS NULL;
      CREATE INDEX alert_raised ON alert (raised_on DESC, id DESC);
      CREATE INDEX alert_posting ON alert (posting_id, raised_on DESC);
      CREATE INDEX alert_assignee ON alert (assignee_id) WHERE assignee_id IS NOT NULL;

      CREATE TABLE alert_sweep (
        id serial PRIMARY KEY,
        day date NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        duration_ms int NOT NULL CHECK (duration_ms >= 0),
        raised int NOT NULL,
        cleared int NOT NULL,
        updated int NOT NULL
      );
      CREATE INDEX alert_sweep_day ON alert_sweep (day DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_sweep; DROP TABLE alert;');
  }
}
