import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table of DESIGN §2, with the integrity rules the database itself must hold. */
export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        kind text NOT NULL CHECK (kind IN ('PARTY_DEPARTMENT','GOVERNMENT_DEPARTMENT','TOWNSHIP','SUBDISTRICT','SCHOOL','ENTERPRISE','PUBLIC_INSTITUTION','JUDICIAL')),
        admin_level text NOT NULL CHECK (admin_level IN ('TOWNSHIP','COUNTY','CITY','PROVINCE')),
        region text NOT NULL,
        is_developed_region boolean NOT NULL DEFAULT false,
        parent_id int REFERENCES unit(id) ON DELETE RESTRICT,
        CHECK (parent_id IS DISTINCT FROM id)
      );
      CREATE INDEX unit_parent_id_idx ON unit(parent_id);
      CREATE INDEX unit_name_id_idx ON unit(name, id);

      CREATE TABLE cadre (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        gender text NOT NULL CHECK (gender IN ('MALE','FEMALE')),
        birth_date date NOT NULL,
        education text NOT NULL CHECK (education IN ('COLLEGE','BACHELOR','MASTER','DOCTORATE')),
        political_status text NOT NULL CHECK (political_status IN ('CPC_MEMBER','CPC_PROBATIONARY_MEMBER','LEAGUE_MEMBER','DEMOCRATIC_PARTY','NON_PARTISAN')),
        home_unit_id int NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        position_title text NOT NULL,
        rank text NOT NULL CHECK (rank IN ('STAFF','SECTION_DEPUTY','SECTION_CHIEF','DIVISION_DEPUTY','DIVISION_CHIEF','BUREAU_DEPUTY','BUREAU_CHIEF')),
        is_leadership boolean NOT NULL DEFAULT false,
        is_reserve boolean NOT NULL DEFAULT false,
        is_trainee boolean NOT NULL DEFAULT false,
        is_recruited_graduate boolean NOT NULL DEFAULT false,
        specialties text[] NOT NULL DEFAULT '{}',
        id_number text NOT NULL UNIQUE CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
        phone text
      );
      CREATE INDEX cadre_home_unit_id_idx ON cadre(home_unit_id, id);
      CREATE INDEX cadre_name_id_idx ON cadre(name, id);
      CREATE INDEX cadre_birth_date_id_idx ON cadre(birth_date, id);

      CREATE TABLE app_user (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,64}$'),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('ORG_ADMIN','UNIT_MANAGER','MENTOR','CADRE','ANALYST')),
        unit_id int REFERENCES unit(id) ON DELETE RESTRICT,
        cadre_id int REFERENCES cadre(id) ON DELETE RESTRICT,
        is_active boolean NOT NULL DEFAULT true,
        CHECK (role <> 'UNIT_MANAGER' OR unit_id IS NOT NULL),
        CHECK (role NOT IN ('MENTOR','CADRE') OR cadre_id IS NOT NULL)
      );
      CREATE INDEX app_user_unit_id_idx ON app_user(unit_id);
      CREATE INDEX app_user_cadre_id_idx ON app_user(cadre_id);

      CREATE TABLE career_event (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        cadre_id int NOT NULL REFERENCES cadre(id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('APPOINTED','PROMOTED','TRANSFERRED','RESERVE_LISTED')),
        date date NOT NULL,
        position_title text,
        rank text CHECK (rank IN ('STAFF','SECTION_DEPUTY','SECTION_CHIEF','DIVISION_DEPUTY','DIVISION_CHIEF','BUREAU_DEPUTY','BUREAU_CHIEF')),
        document_number text
      );
      CREATE INDEX career_event_cadre_id_date_idx ON career_event(cadre_id, date, id);

      CREATE TABLE selection_round (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        posting_type text NOT NULL CHECK (posting_type IN ('CROSS_DEPUTY','HIGHER_ASSISTANT','GRADUATE_ASSISTANT','SCHOOL_ASSISTANT','UPWARD','DOWNWARD','OUTWARD','FRONTLINE')),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        quota int NOT NULL CHECK (quota > 0),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','CLOSED')),
        version int NOT NULL DEFAULT 1
      );
      CREATE INDEX selection_round_year_id_idx ON selection_round(year, id);

      CREATE TABLE candidate (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        round_id int NOT NULL REFERENCES selection_round(id) ON DELETE RESTRICT,
        cadre_id int NOT NULL REFERENCES cadre(id) ON DELETE RESTRICT,
        nominating_unit_id int NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        written_exam_score numeric(5,2) CHECK (written_exam_score BETWEEN 0 AND 100),
        interview_score numeric(5,2) CHECK (interview_score BETWEEN 0 AND 100),
        inspection_result text CHECK (inspection_result IN ('PASS','FAIL')),
        inspection_notes text,
        status text NOT NULL DEFAULT 'NOMINATED' CHECK (status IN ('NOMINATED','SHORTLISTED','SELECTED','REJECTED')),
        training_completed_at timestamptz(3),
        version int NOT NULL DEFAULT 1,
        UNIQUE (round_id, cadre_id),
        CHECK (training_completed_at IS NULL OR status = 'SELECTED')
      );
      CREATE INDEX candidate_cadre_id_idx ON candidate(cadre_id);
      CREATE INDEX candidate_nominating_unit_id_idx ON candidate(nominating_unit_id);
      CREATE INDEX candidate_round_status_idx ON candidate(round_id, status);

      CREATE TABLE posting (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        cadre_id int NOT NULL REFERENCES cadre(id) ON DELETE RESTRICT,
        sending_unit_id int NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        receiving_unit_id int NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        type text NOT NULL CHECK (type IN ('CROSS_DEPUTY','HIGHER_ASSISTANT','GRADUATE_ASSISTANT','SCHOOL_ASSISTANT','UPWARD','DOWNWARD','OUTWARD','FRONTLINE')),
        position_title text NOT NULL,
        is_substantive boolean NOT NULL DEFAULT true,
        responsibilities text[] NOT NULL DEFAULT '{}',
        training_plan text,
        start_date date NOT NULL,
        planned_end_date date NOT NULL,
        actual_end_date date,
        status text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED','ACTIVE','COMPLETED','TERMINATED')),
        termination_reason text,
        candidate_id int UNIQUE REFERENCES candidate(id) ON DELETE RESTRICT,
        version int NOT NULL DEFAULT 1,
        CHECK (planned_end_date > start_date),
        CHECK (actual_end_date IS NULL OR actual_end_date >= start_date),
        CHECK ((status IN ('COMPLETED','TERMINATED')) = (actual_end_date IS NOT NULL)),
        CHECK (status <> 'TERMINATED' OR length(btrim(coalesce(termination_reason, ''))) > 0)
      );
      CREATE UNIQUE INDEX posting_one_open_per_cadre ON posting(cadre_id) WHERE status IN ('PLANNED','ACTIVE');
      CREATE INDEX posting_cadre_id_idx ON posting(cadre_id, start_date, id);
      CREATE INDEX posting_sending_unit_id_idx ON posting(sending_unit_id, id);
      CREATE INDEX posting_receiving_unit_id_idx ON posting(receiving_unit_id, id);
      CREATE INDEX posting_status_id_idx ON posting(status, id);
      CREATE INDEX posting_start_date_id_idx ON posting(start_date, id);
      CREATE INDEX posting_planned_end_date_id_idx ON posting(planned_end_date, id);

      CREATE TABLE mentorship (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        posting_id int NOT NULL REFERENCES posting(id) ON DELETE RESTRICT,
        mentor_id int NOT NULL REFERENCES cadre(id) ON DELETE RESTRICT,
        start_date date NOT NULL,
        end_date date,
        CHECK (end_date IS NULL OR end_date >= start_date)
      );
      CREATE UNIQUE INDEX mentorship_one_active_per_posting ON mentorship(posting_id) WHERE end_date IS NULL;
      CREATE INDEX mentorship_posting_id_idx ON mentorship(posting_id, start_date, id);
      CREATE INDEX mentorship_mentor_id_idx ON mentorship(mentor_id) WHERE end_date IS NULL;
      CREATE INDEX mentorship_mentor_id_all_idx ON mentorship(mentor_id, id);

      CREATE TABLE mentor_session (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        mentorship_id int NOT NULL REFERENCES mentorship(id) ON DELETE RESTRICT,
        date date NOT NULL,
        topic text NOT NULL CHECK (length(btrim(topic)) > 0),
        notes text NOT NULL DEFAULT ''
      );
      CREATE INDEX mentor_session_mentorship_id_date_idx ON mentor_session(mentorship_id, date, id);

      CREATE TABLE feedback_report (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        posting_id int NOT NULL REFERENCES posting(id) ON DELETE RESTRICT,
        period text NOT NULL CHECK (period ~ '^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$'),
        days_on_site int NOT NULL CHECK (days_on_site BETWEEN 0 AND 92),
        political_conduct text NOT NULL DEFAULT '',
        performance text NOT NULL DEFAULT '',
        problems text NOT NULL DEFAULT '',
        submitted_by_id int REFERENCES app_user(id) ON DELETE RESTRICT,
        UNIQUE (posting_id, period)
      );
      CREATE INDEX feedback_report_submitted_by_id_idx ON feedback_report(submitted_by_id);
      CREATE INDEX feedback_report_created_at_id_idx ON feedback_report(created_at, id);

      CREATE TABLE evaluation (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        posting_id int NOT NULL REFERENCES posting(id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('ROUTINE','TRACKING_INSPECTION','FINAL')),
        evaluator_id int REFERENCES app_user(id) ON DELETE RESTRICT,
        date date NOT NULL,
        political_conduct_score smallint CHECK (political_conduct_score BETWEEN 0 AND 100),
        moral_character_score smallint CHECK (moral_character_score BETWEEN 0 AND 100),
        leadership_score smallint CHECK (leadership_score BETWEEN 0 AND 100),
        work_ability_score smallint CHECK (work_ability_score BETWEEN 0 AND 100),
        mass_line_score smallint CHECK (mass_line_score BETWEEN 0 AND 100),
        initiative_score smallint CHECK (initiative_score BETWEEN 0 AND 100),
        discipline_score smallint CHECK (discipline_score BETWEEN 0 AND 100),
        grade text CHECK (grade IN ('EXCELLENT','COMPETENT','BASICALLY_COMPETENT','INCOMPETENT')),
        comments text NOT NULL DEFAULT '',
        interview_count int CHECK (interview_count >= 0),
        findings text,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','SUBMITTED','FINALIZED')),
        finalized_at timestamptz(3),
        version int NOT NULL DEFAULT 1,
        CHECK ((status = 'FINALIZED') = (finalized_at IS NOT NULL)),
        CHECK (status = 'DRAFT' OR grade IS NOT NULL),
        CHECK (kind = 'TRACKING_INSPECTION' OR (interview_count IS NULL AND findings IS NULL))
      );
      CREATE INDEX evaluation_posting_id_idx ON evaluation(posting_id, kind, date, id);
      CREATE INDEX evaluation_evaluator_id_idx ON evaluation(evaluator_id);
      CREATE INDEX evaluation_date_id_idx ON evaluation(date, id);
      CREATE UNIQUE INDEX evaluation_one_final_per_posting ON evaluation(posting_id) WHERE kind = 'FINAL';

      CREATE TABLE debrief (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        date date NOT NULL,
        summary text NOT NULL DEFAULT '',
        problems_found text NOT NULL DEFAULT '',
        suggestions text NOT NULL DEFAULT ''
      );
      CREATE INDEX debrief_date_id_idx ON debrief(date, id);

      CREATE TABLE debrief_posting (
        debrief_id int NOT NULL REFERENCES debrief(id) ON DELETE CASCADE,
        posting_id int NOT NULL REFERENCES posting(id) ON DELETE RESTRICT,
        PRIMARY KEY (debrief_id, posting_id)
      );
      CREATE INDEX debrief_posting_posting_id_idx ON debrief_posting(posting_id);

      CREATE TABLE experience_article (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        posting_id int NOT NULL REFERENCES posting(id) ON DELETE RESTRICT,
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        body text NOT NULL,
        published_in text[] NOT NULL DEFAULT '{}' CHECK (published_in <@ ARRAY['BRIEFING','BULLETIN','WEB'])
      );
      CREATE INDEX experience_article_posting_id_idx ON experience_article(posting_id, id);

      CREATE TABLE audit_entry (
        id serial PRIMARY KEY,
        actor_id int REFERENCES app_user(id) ON DELETE RESTRICT,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id int NOT NULL,
        before jsonb,
        after jsonb,
        reason text,
        at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_entry_entity_idx ON audit_entry(entity, entity_id);
      CREATE INDEX audit_entry_actor_id_idx ON audit_entry(actor_id, at, id);
      CREATE INDEX audit_entry_at_id_idx ON audit_entry(at, id);

      CREATE TABLE policy (
        id serial PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        mentor_deadline_days int NOT NULL DEFAULT 30 CHECK (mentor_deadline_days > 0),
        report_interval_days int NOT NULL DEFAULT 90 CHECK (report_interval_days > 0),
        min_on_site_ratio numeric(4,3) NOT NULL DEFAULT 0.6 CHECK (min_on_site_ratio BETWEEN 0 AND 1),
        passive_score_threshold int NOT NULL DEFAULT 60 CHECK (passive_score_threshold BETWEEN 0 AND 100),
        promotion_window_months int NOT NULL DEFAULT 12 CHECK (promotion_window_months > 0),
        final_evaluation_deadline_days int NOT NULL DEFAULT 30 CHECK (final_evaluation_deadline_days > 0),
        excellent_quota numeric(4,3) NOT NULL DEFAULT 0.2 CHECK (excellent_quota BETWEEN 0 AND 1),
        routine_weight numeric(4,3) NOT NULL DEFAULT 0.3 CHECK (routine_weight BETWEEN 0 AND 1),
        tracking_weight numeric(4,3) NOT NULL DEFAULT 0.2 CHECK (tracking_weight BETWEEN 0 AND 1),
        final_weight numeric(4,3) NOT NULL DEFAULT 0.5 CHECK (final_weight BETWEEN 0 AND 1),
        version int NOT NULL DEFAULT 1,
        singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton),
        CHECK (routine_weight + tracking_weight + final_weight = 1)
      );
      INSERT INTO policy DEFAULT VALUES;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_entry, experience_article, debrief_posting, debrief, evaluation, feedback_report,
        mentor_session, mentorship, posting, candidate, selection_round, career_event, app_user, cadre,
        unit, policy;
    `);
  }
}
