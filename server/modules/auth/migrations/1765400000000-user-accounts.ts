import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts managed through the API: deactivation with its time, one-time passwords that must be
 * changed, usernames unique whatever their case, and the role fixing exactly which links it has.
 */
export class UserAccounts1765400000000 implements MigrationInterface {
  name = 'UserAccounts1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN deactivated_at timestamptz(3),
        ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;
      ALTER TABLE app_user
        ADD CONSTRAINT app_user_deactivated_check CHECK (is_active = (deactivated_at IS NULL));

      -- Case-preserving, case-insensitively unique: 'ZhangSan' and 'zhangsan' are one account.
      ALTER TABLE app_user DROP CONSTRAINT app_user_username_key;
      ALTER TABLE app_user DROP CONSTRAINT app_user_username_check;
      ALTER TABLE app_user ADD CONSTRAINT app_user_username_check
        CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}$');
      CREATE UNIQUE INDEX app_user_username_lower_key ON app_user (lower(username));

      -- A unit exactly for unit managers, a cadre exactly for mentors and cadres.
      ALTER TABLE app_user ADD CONSTRAINT app_user_unit_role_check
        CHECK ((role = 'UNIT_MANAGER') = (unit_id IS NOT NULL));
      ALTER TABLE app_user ADD CONSTRAINT app_user_cadre_role_check
        CHECK ((role IN ('MENTOR', 'CADRE')) = (cadre_id IS NOT NULL));
      CREATE INDEX app_user_created_at_id_idx ON app_user (created_at, id);
      CREATE INDEX app_user_username_id_idx ON app_user (username, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX app_user_username_id_idx;
      DROP INDEX app_user_created_at_id_idx;
      ALTER TABLE app_user DROP CONSTRAINT app_user_cadre_role_check;
      ALTER TABLE app_user DROP CONSTRAINT app_user_unit_role_check;
      DROP INDEX app_user_username_lower_key;
      ALTER TABLE app_user DROP CONSTRAINT app_user_username_check;
      ALTER TABLE app_user ADD CONSTRAINT app_user_username_check
        CHECK (username ~ '^[a-z0-9_.-]{3,64}$');
      ALTER TABLE app_user ADD CONSTRAINT app_user_username_key UNIQUE (username);
      ALTER TABLE app_user DROP CONSTRAINT app_user_deactivated_check;
      ALTER TABLE app_user DROP COLUMN password_change_required, DROP COLUMN deactivated_at;
    `);
  }
}
