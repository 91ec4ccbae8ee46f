-- Foundation: courts, teams, users, sessions, cases, parties, the event chain.
-- Times are epoch milliseconds (UTC) in BIGINT; dates are TEXT 'YYYY-MM-DD';
-- money is integer fen. Never edit a shipped migration; add a new one.

CREATE TABLE courts (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_id BIGINT REFERENCES courts(id),
    suite TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    court_id BIGINT NOT NULL REFERENCES courts(id),
    name TEXT NOT NULL,
    UNIQUE (court_id, name)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    court_id BIGINT NOT NULL REFERENCES courts(id),
    team_id BIGINT REFERENCES teams(id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    phone TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    client_addr TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    court_id BIGINT NOT NULL REFERENCES courts(id),
    team_id BIGINT REFERENCES teams(id),
    handler_id BIGINT REFERENCES users(id),
    case_no TEXT NOT NULL UNIQUE,
    year BIGINT NOT NULL,
    type_code TEXT NOT NULL,
    seq BIGINT NOT NULL,
    title_type TEXT NOT NULL,
    title_doc_no TEXT NOT NULL,
    title_issuer TEXT NOT NULL,
    title_effective_on TEXT,
    cause TEXT NOT NULL,
    stage TEXT NOT NULL,
    track TEXT NOT NULL,
    status TEXT NOT NULL,
    closure TEXT,
    filed_on TEXT NOT NULL,
    closed_on TEXT,
    deadline_on TEXT,
    claim_fen BIGINT NOT NULL,
    outstanding_fen BIGINT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    UNIQUE (court_id, year, type_code, seq)
);
CREATE INDEX cases_court_stage ON cases(court_id, stage);
CREATE INDEX cases_court_deadline ON cases(court_id, status, deadline_on);
CREATE INDEX cases_team ON cases(team_id, status);
CREATE INDEX cases_handler ON cases(handler_id, status);
CREATE INDEX cases_court_filed ON cases(court_id, filed_on DESC, id DESC);

CREATE TABLE case_counters (
    court_id BIGINT NOT NULL REFERENCES courts(id),
    year BIGINT NOT NULL,
    type_code TEXT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (court_id, year, type_code)
);

CREATE TABLE parties (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    ord BIGINT NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    id_number TEXT,
    phone TEXT,
    address TEXT
);
CREATE INDEX parties_case ON parties(case_id);
CREATE INDEX parties_id_number ON parties(id_number);
CREATE INDEX parties_name ON parties(name);

-- Applicants and lawyers see the cases they are linked to.
CREATE TABLE case_access (
    user_id BIGINT NOT NULL REFERENCES users(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (user_id, case_id)
);
CREATE INDEX case_access_case ON case_access(case_id);

-- The event chain, one per court.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    court_id BIGINT NOT NULL REFERENCES courts(id),
    height BIGINT NOT NULL,
    case_id BIGINT,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    personal_digest TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (court_id, height)
);
CREATE INDEX events_case ON events(case_id, height);

-- Personal data of an event, outside the hashed bytes; erasable.
CREATE TABLE event_personal (
    event_id BIGINT PRIMARY KEY REFERENCES events(id),
    salt TEXT NOT NULL,
    data TEXT NOT NULL
);

CREATE TABLE chain_heads (
    court_id BIGINT PRIMARY KEY REFERENCES courts(id),
    height BIGINT NOT NULL,
    head_hash TEXT NOT NULL
);

CREATE TABLE court_keys (
    key_id TEXT PRIMARY KEY,
    court_id BIGINT NOT NULL REFERENCES courts(id),
    suite TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);

CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY,
    court_id BIGINT NOT NULL REFERENCES courts(id),
    height BIGINT NOT NULL,
    head_hash TEXT NOT NULL,
    suite TEXT NOT NULL,
    key_id TEXT NOT NULL REFERENCES court_keys(key_id),
    signed_at BIGINT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX checkpoints_court ON checkpoints(court_id, height);

CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, key)
);
