import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Front-line work areas (急难险重领域, issue #10): a unit may do one as a whole (信访局, a 重大项目
 * service centre), which lets FRONTLINE postings go there. Existing units are ordinary until the
 * organisation department says otherwise: nothing in them tells their area.
 */
export class UnitFrontlineArea1765700000000 implements MigrationInterface {
  name = 'UnitFrontlineArea1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE unit ADD COLUMN frontline_area text
        CHECK (frontline_area IN ('PETITIONS','CITY_CONSTRUCTION','MAJOR_PROJECTS'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE unit DROP COLUMN frontline_area;`);
  }
}
