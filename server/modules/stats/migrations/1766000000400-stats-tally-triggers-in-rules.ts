import type { MigrationInterface, QueryRunner } from 'typeorm';
import { StatsTally1765800000400 } from './1765800000400-stats-tally';

/**
 * The tallies' triggers move to stats/sql/tally.sql (`stats_after_*`, calling rule functions), so
 * that what a write costs them changes with the rules and needs no migration: the first ones go.
 */
export class StatsTallyTriggersInRules1766000000400 implements MigrationInterface {
  name = 'StatsTallyTriggersInRules1766000000400';

  async up(q: QueryRunner): Promise<void> {
    await StatsTally1765800000400.dropTriggers(q);
  }

  async down(q: QueryRunner): Promise<void> {
    // The rules' triggers would count every change a second time beside the first ones.
    const triggers: { name: string; table: string }[] = await q.query(
      `SELECT tgname AS name, tgrelid::regclass::text AS table FROM pg_trigger
        WHERE tgname LIKE 'stats\\_after\\_%'`,
    );
    for (const t of triggers) await q.query(`DROP TRIGGER ${t.name} ON ${t.table}`);
    await StatsTally1765800000400.createTriggers(q);
  }
}
