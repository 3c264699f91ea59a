import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Meeting rooms that open: who joined a session's room and when (personal
 * data: exported and erased with the person), a meeting URL a coach or
 * coordinator sets when the programme uses another video tool, and the
 * academy's phone, which the join page offers when the video fails. All
 * additive: the previous release ignores them.
 */
export class MeetingRooms1765700000001 implements MigrationInterface {
  name = 'MeetingRooms1765700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE academy ADD COLUMN phone text NULL`);
    await q.query(`ALTER TABLE coaching_session ADD COLUMN external_meeting_url text NULL`);
    await q.query(`
      CREATE TABLE session_join (
        session_id uuid NOT NULL REFERENCES coaching_session(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        joined_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, user_id)
      )`);
    // Export and erasure find a person's joins.
    await q.query(`CREATE INDEX "IDX_session_join_user" ON session_join (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_join`);
    await q.query(`ALTER TABLE coaching_session DROP COLUMN external_meeting_url`);
    await q.query(`ALTER TABLE academy DROP COLUMN phone`);
  }
}
