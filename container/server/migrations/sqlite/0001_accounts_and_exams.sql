-- Accounts, server-side sessions, the question bank, and exam attempts (SQLite).
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'student',
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    stem TEXT NOT NULL,
    choices TEXT NOT NULL,
    answer BIGINT NOT NULL,
    rationale TEXT NOT NULL
);
CREATE INDEX questions_by_topic ON questions (topic);

CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    question_ids TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    score BIGINT
);
CREATE INDEX attempts_by_user ON attempts (user_id, started_at);

CREATE TABLE answers (
    attempt_id BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL,
    choice BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);
