import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An API key may be held to trusted documents (README "Trusted documents"), set when it is made. */
export class ApiKeyTrustedDocuments1766100000000 implements MigrationInterface {
  name = 'ApiKeyTrustedDocuments1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE api_key ADD COLUMN trusted_documents_only boolean NOT NULL DEFAULT false`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_key DROP COLUMN trusted_documents_only`);
  }
}
