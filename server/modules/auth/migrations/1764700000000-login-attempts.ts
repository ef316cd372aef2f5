import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed sign-ins, so that guessing passwords is slowed down across every server instance. */
export class LoginAttempts1764700000000 implements MigrationInterface {
  name = 'LoginAttempts1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_failure (
        id serial PRIMARY KEY,
        username text NOT NULL,
        client_ip text NOT NULL,
        at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX login_failure_username_at_idx ON login_failure(username, at);
      CREATE INDEX login_failure_client_ip_at_idx ON login_failure(client_ip, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_failure');
  }
}
