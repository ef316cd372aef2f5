import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Names sort as a Chinese office sorts them (issue #10): in pinyin order (阿明, 白云, 李四, 王五,
 * 张三), as Excel and WPS do, not by Unicode code point (张三 before 阿明). The collation comes from
 * ICU, which both the embedded and the packaged PostgreSQL carry; our own name for it keeps the SQL
 * independent of which ICU collations initdb imported. Usernames sort regardless of case, as they
 * are matched. Each sort key gets the index its keyset pages walk.
 */
export class ChineseSortOrder1765600000100 implements MigrationInterface {
  name = 'ChineseSortOrder1765600000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE COLLATION IF NOT EXISTS guazhi_pinyin (provider = icu, locale = 'zh-u-co-pinyin');
      DROP INDEX unit_name_id_idx;
      CREATE INDEX unit_name_id_idx ON unit (name COLLATE guazhi_pinyin, id);
      DROP INDEX cadre_name_id_idx;
      CREATE INDEX cadre_name_id_idx ON cadre (name COLLATE guazhi_pinyin, id);
      DROP INDEX app_user_username_id_idx;
      CREATE INDEX app_user_username_id_idx ON app_user (lower(username), id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX app_user_username_id_idx;
      CREATE INDEX app_user_username_id_idx ON app_user (username, id);
      DROP INDEX cadre_name_id_idx;
      CREATE INDEX cadre_name_id_idx ON cadre (name, id);
      DROP INDEX unit_name_id_idx;
      CREATE INDEX unit_name_id_idx ON unit (name, id);
      DROP COLLATION guazhi_pinyin;
    `);
  }
}
