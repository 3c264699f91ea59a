import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The programme's two academies. Their ids are generated; clients find them by slug. */
export class SeedAcademies1764000000001 implements MigrationInterface {
  name = 'SeedAcademies1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO academy (slug, name, time_zone, default_locale)
      VALUES ('siena', 'Siena', 'Europe/Rome', 'it'),
             ('belgrade', 'Belgrade', 'Europe/Belgrade', 'sr')
      ON CONFLICT (slug) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM academy WHERE slug IN ('siena', 'belgrade')`);
  }
}
