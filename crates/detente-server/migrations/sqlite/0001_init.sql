-- Talks, seats and the append-only event log. Tokens are stored only as SHA-256 hashes.
CREATE TABLE talks (
    id TEXT PRIMARY KEY,
    created_at_ms INTEGER NOT NULL,
    scenario_format TEXT NOT NULL,
    scenario TEXT NOT NULL,
    mediator_token_hash BLOB NOT NULL
);
CREATE TABLE seats (
    talk_id TEXT NOT NULL REFERENCES talks(id),
    seat INTEGER NOT NULL,
    party TEXT NOT NULL,
    token_hash BLOB NOT NULL,
    PRIMARY KEY (talk_id, seat)
);
-- UNIQUE(talk_id, seq) via the primary key: two writers racing for the same seq get a conflict.
CREATE TABLE events (
    talk_id TEXT NOT NULL REFERENCES talks(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (talk_id, seq)
) WITHOUT ROWID;
CREATE INDEX talks_by_creation ON talks (created_at_ms, id);
