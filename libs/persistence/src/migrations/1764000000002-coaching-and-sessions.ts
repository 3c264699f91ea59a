import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CoachingAndSessions1764000000002 implements MigrationInterface {
  name = 'CoachingAndSessions1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coach_profile (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        topics text[] NOT NULL DEFAULT '{}',
        bio text NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
        gender text NULL CHECK (gender IN ('female', 'male', 'non_binary')),
        session_lengths int[] NOT NULL DEFAULT '{30,45,60}',
        slot_step_minutes int NOT NULL DEFAULT 30 CHECK (slot_step_minutes IN (15, 30, 60)),
        minimum_notice_minutes int NOT NULL DEFAULT 720 CHECK (minimum_notice_minutes BETWEEN 0 AND 20160),
        horizon_days int NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 365),
        buffer_before_minutes int NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 240),
        buffer_after_minutes int NOT NULL DEFAULT 10 CHECK (buffer_after_minutes BETWEEN 0 AND 240),
        max_sessions_per_day int NULL CHECK (max_sessions_per_day BETWEEN 1 AND 48),
        max_sessions_per_week int NULL CHECK (max_sessions_per_week BETWEEN 1 AND 200),
        active boolean NOT NULL DEFAULT false,
        availability_time_zone text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_coach_profile_topics" ON coach_profile USING gin (topics)`);

    // Weekly hours as local wall-clock times in the zone the coach gave; never offsets.
    await q.query(`
      CREATE TABLE availability_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        coach_id uuid NOT NULL REFERENCES coach_profile(user_id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        start_time time NOT NULL,
        end_time time NOT NULL,
        time_zone text NOT NULL,
        CHECK (end_time > start_time OR end_time = '24:00')
      )`);
    await q.query(`CREATE INDEX "IDX_availability_rule_coach" ON availability_rule (coach_id)`);

    await q.query(`
      CREATE TABLE availability_override (
        coach_id uuid NOT NULL REFERENCES coach_profile(user_id) ON DELETE CASCADE,
        local_date date NOT NULL,
        intervals jsonb NOT NULL DEFAULT '[]'::jsonb,
        PRIMARY KEY (coach_id, local_date)
      )`);

    await q.query(`
      CREATE TABLE time_off (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        coach_id uuid NOT NULL REFERENCES coach_profile(user_id) ON DELETE CASCADE,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        reason text NULL CHECK (length(reason) <= 500),
        CHECK (end_at > start_at)
      )`);
    await q.query(`CREATE INDEX "IDX_time_off_coach" ON time_off (coach_id, end_at)`);

    // blocked_start/blocked_end are the session widened by the buffers it was booked with.
    // They are stored because timestamptz ± interval is not immutable, so it cannot appear
    // in an index expression; a CHECK keeps them equal to the definition.
    await q.query(`
      CREATE TABLE coaching_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        coach_id uuid NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
        newcomer_id uuid NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
        academy_id uuid NOT NULL REFERENCES academy(id) ON DELETE RESTRICT,
        booked_by uuid NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
        topic text NOT NULL,
        language text NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        buffer_before_minutes int NOT NULL DEFAULT 0,
        buffer_after_minutes int NOT NULL DEFAULT 0,
        blocked_start timestamptz NOT NULL,
        blocked_end timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'booked'
          CHECK (status IN ('booked', 'cancelled', 'completed', 'newcomer_no_show', 'coach_no_show')),
        meeting_url text NOT NULL,
        version int NOT NULL DEFAULT 1,
        cancellation_reason text NULL CHECK (length(cancellation_reason) <= 500),
        cancelled_by uuid NULL REFERENCES app_user(id) ON DELETE SET NULL,
        cancelled_at timestamptz NULL,
        coach_notes text NULL CHECK (length(coach_notes) <= 4000),
        attendance_recorded_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_at > start_at),
        CHECK (blocked_start = start_at - make_interval(mins => buffer_before_minutes)),
        CHECK (blocked_end = end_at + make_interval(mins => buffer_after_minutes)),
        CONSTRAINT coaching_session_no_coach_overlap EXCLUDE USING gist
          (coach_id WITH =, tstzrange(blocked_start, blocked_end, '[)') WITH &&) WHERE (status <> 'cancelled'),
        CONSTRAINT coaching_session_no_newcomer_overlap EXCLUDE USING gist
          (newcomer_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (status <> 'cancelled')
      )`);
    await q.query(`CREATE INDEX "IDX_session_academy_start" ON coaching_session (academy_id, start_at)`);
    await q.query(`CREATE INDEX "IDX_session_newcomer_start" ON coaching_session (newcomer_id, start_at)`);

    // A replayed request with the same key and body gets the first response back.
    await q.query(`
      CREATE TABLE idempotency_key (
        actor_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        request_hash text NOT NULL,
        response_status int NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE coaching_session`);
    await q.query(`DROP TABLE time_off`);
    await q.query(`DROP TABLE availability_override`);
    await q.query(`DROP TABLE availability_rule`);
    await q.query(`DROP TABLE coach_profile`);
  }
}
