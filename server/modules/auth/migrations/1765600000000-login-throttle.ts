import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sign-in throttle's counters (`LoginThrottle`, rate-limiter-flexible's PostgreSQL layout:
 * `key` is `<prefix>:<address>/<username>` or `<prefix>:<address>`, `expire` is in ms since the
 * epoch) replace the failure log: the old per-username count let anyone lock an account out.
 */
export class LoginThrottle1765600000000 implements MigrationInterface {
  name = 'LoginThrottle1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE login_failure;
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      );
      CREATE INDEX login_throttle_expire_idx ON login_throttle(expire);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE login_throttle;
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
}
