import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AlertsV2_1764900000000 } from '../modules/alert/migrations/1764900000000-alerts-v2';

/**
 * Rules move out of migrations into SQL files (server/db/sql-rules.ts applies them after the
 * migrations): this makes room for them — a schema for their functions and the checksums of the
 * files last applied. The posting_alert view left by AlertsV2 is replaced when they are applied.
 */
export class SqlRules1765200000000 implements MigrationInterface {
  name = 'SqlRules1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SCHEMA rules;
      CREATE TABLE rules.applied_file (
        position int PRIMARY KEY,
        file text NOT NULL UNIQUE,
        checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
        applied_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  /** Back to AlertsV2's view, which depends on no rule function. */
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW IF EXISTS posting_alert');
    await q.query('DROP SCHEMA rules CASCADE');
    await new AlertsV2_1764900000000().up(q);
  }
}
