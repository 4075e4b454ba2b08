-- Talks, seats and the append-only event log. Tokens are stored only as SHA-256 hashes.
CREATE TABLE talks (
    id TEXT PRIMARY KEY,
    created_at_ms BIGINT NOT NULL,
    scenario_format TEXT NOT NULL,
    scenario TEXT NOT NULL,
    mediator_token_hash BYTEA NOT NULL
);
CREATE TABLE seats (
    talk_id TEXT NOT NULL REFERENCES talks(id),
    seat BIGINT NOT NULL,
    party TEXT NOT NULL,
    token_hash BYTEA NOT NULL,
    PRIMARY KEY (talk_id, seat)
);
-- UNIQUE(talk_id, seq) via the primary key: two writers racing for the same seq get a conflict.
CREATE TABLE events (
    talk_id TEXT NOT NULL REFERENCES talks(id),
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL, -- TEXT, not JSONB: the exact hashed bytes must come back
    salt BYTEA NOT NULL,
    hash BYTEA NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (talk_id, seq)
);
CREATE INDEX talks_by_creation ON talks (created_at_ms, id);
