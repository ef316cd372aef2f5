import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys for third-party systems, and revocable login tokens. */
export class ApiKeys1764500000000 implements MigrationInterface {
  name = 'ApiKeys1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_key (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        role text NOT NULL CHECK (role IN ('ORG_ADMIN','UNIT_MANAGER','ANALYST')),
        unit_id int REFERENCES unit(id) ON DELETE RESTRICT,
        prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[a-z0-9]{12}$'),
        key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        created_by_id int NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
        expires_at timestamptz(3),
        revoked_at timestamptz(3),
        last_used_at timestamptz(3),
        CHECK ((role = 'UNIT_MANAGER') = (unit_id IS NOT NULL))
      );
      CREATE INDEX api_key_unit_id_idx ON api_key(unit_id);
      CREATE INDEX api_key_created_by_id_idx ON api_key(created_by_id);
      CREATE INDEX api_key_created_at_id_idx ON api_key(created_at, id);

      -- Who made a change: a signed-in user or an API key.
      ALTER TABLE audit_entry ADD COLUMN api_key_id int REFERENCES api_key(id) ON DELETE RESTRICT;
      CREATE INDEX audit_entry_api_key_id_idx ON audit_entry(api_key_id);

      -- Bumping the version revokes every login token issued before (logout, revokeUserTokens).
      ALTER TABLE app_user ADD COLUMN token_version int NOT NULL DEFAULT 1;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user DROP COLUMN token_version;
      ALTER TABLE audit_entry DROP COLUMN api_key_id;
      DROP TABLE api_key;
    `);
  }
}
