import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SessionFeedback1765600000001 implements MigrationInterface {
  name = 'SessionFeedback1765600000001';

  async up(q: QueryRunner): Promise<void> {
    // Two new kinds of outbox row: the newcomer's feedback request after the session, and the
    // mail to an academy's coordinators when a coach reports an urgent concern.
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await q.query(`
      ALTER TABLE notification ADD CONSTRAINT notification_kind_check
        CHECK (kind IN ('confirmation', 'reminder', 'reschedule', 'cancellation', 'follow_up', 'feedback_request', 'concern_alert'))`);

    // One newcomer's answer about one session. The row is written by the worker when it mails the
    // request (with the hash of the link's token, which is derived and never stored) and filled in
    // by the answer. Scores stay after erasure; the comment is the newcomer's and goes with them.
    await q.query(`
      CREATE TABLE session_feedback (
        session_id uuid PRIMARY KEY REFERENCES coaching_session(id) ON DELETE CASCADE,
        newcomer_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        link_expires_at timestamptz NOT NULL,
        score smallint NULL CHECK (score BETWEEN 1 AND 5),
        happened text NULL CHECK (happened IN ('yes', 'coach_absent', 'newcomer_absent')),
        comment text NULL CHECK (char_length(comment) <= 1000),
        answered_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_session_feedback_newcomer" ON session_feedback (newcomer_id)`);

    // The coach's report after the session, with a safeguarding concern level. A concern or an
    // urgent concern is a flag that stays open until a coordinator closes it with a note.
    await q.query(`
      CREATE TABLE coach_report (
        session_id uuid PRIMARY KEY REFERENCES coaching_session(id) ON DELETE CASCADE,
        coach_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        topics text[] NOT NULL DEFAULT '{}',
        progress text NOT NULL CHECK (progress IN ('none', 'some', 'good')),
        next_step text NULL CHECK (char_length(next_step) <= 500),
        concern text NOT NULL DEFAULT 'none' CHECK (concern IN ('none', 'concern', 'urgent')),
        concern_note text NULL CHECK (char_length(concern_note) <= 2000),
        flag_raised_at timestamptz NULL,
        flag_closed_at timestamptz NULL,
        flag_closed_by uuid NULL REFERENCES app_user(id) ON DELETE SET NULL,
        flag_close_note text NULL CHECK (char_length(flag_close_note) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((concern = 'none') = (flag_raised_at IS NULL))
      )`);
    await q.query(`CREATE INDEX "IDX_coach_report_open_flag" ON coach_report (concern) WHERE concern <> 'none' AND flag_closed_at IS NULL`);
    await q.query(`CREATE INDEX "IDX_coach_report_coach" ON coach_report (coach_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coach_report`);
    await q.query(`DROP TABLE session_feedback`);
    await q.query(`DELETE FROM notification WHERE kind IN ('feedback_request', 'concern_alert')`);
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await q.query(`
      ALTER TABLE notification ADD CONSTRAINT notification_kind_check
        CHECK (kind IN ('confirmation', 'reminder', 'reschedule', 'cancellation', 'follow_up'))`);
  }
}
