-- Case lifecycle: required actions, gate certifications, deadlines with the
-- rule and calendar that produced them, warnings, clock stops, batch imports.

ALTER TABLE cases ADD COLUMN suggested_track TEXT;
ALTER TABLE cases ADD COLUMN triage_reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN parent_case_id BIGINT REFERENCES cases(id);
ALTER TABLE cases ADD COLUMN batch_id BIGINT;

CREATE TABLE case_actions (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    action_key TEXT NOT NULL,
    done_on TEXT NOT NULL,
    done_at BIGINT NOT NULL,
    done_by BIGINT REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, action_key)
);

CREATE TABLE gate_certifications (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    certified_at BIGINT NOT NULL,
    certified_by BIGINT NOT NULL REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    used BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX gate_certifications_case ON gate_certifications(case_id, used);

CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    court_id BIGINT NOT NULL REFERENCES courts(id),
    rule_key TEXT NOT NULL,
    label TEXT NOT NULL,
    citation TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    warn_on TEXT NOT NULL,
    escalate_on TEXT NOT NULL,
    profile_version TEXT NOT NULL,
    calendar_version TEXT NOT NULL,
    pausable BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    warned_at BIGINT,
    overdue_at BIGINT,
    escalated_at BIGINT,
    closed_at BIGINT
);
CREATE INDEX deadlines_case ON deadlines(case_id, status);
CREATE INDEX deadlines_warn ON deadlines(status, state, warn_on);
CREATE INDEX deadlines_due ON deadlines(status, due_on);
CREATE INDEX deadlines_escalate ON deadlines(status, escalated_at, escalate_on);

CREATE TABLE warnings (
    id INTEGER PRIMARY KEY,
    court_id BIGINT NOT NULL REFERENCES courts(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    deadline_id BIGINT REFERENCES deadlines(id),
    kind TEXT NOT NULL,
    to_user_id BIGINT REFERENCES users(id),
    to_role TEXT,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX warnings_user ON warnings(to_user_id, read_at);
CREATE INDEX warnings_role ON warnings(court_id, to_role, read_at);

CREATE TABLE case_pauses (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    reason TEXT NOT NULL
);
CREATE INDEX case_pauses_case ON case_pauses(case_id);

CREATE TABLE batch_imports (
    id INTEGER PRIMARY KEY,
    court_id BIGINT NOT NULL REFERENCES courts(id),
    file_sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    total_rows BIGINT NOT NULL,
    filed BIGINT NOT NULL,
    failed BIGINT NOT NULL,
    errors TEXT NOT NULL,
    UNIQUE (court_id, file_sha256)
);
