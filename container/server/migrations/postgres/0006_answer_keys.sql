-- Idempotency keys of saved answers (PostgreSQL): an answer sent again with
-- the same key (a retry after a dropped connection, a replay of answers kept
-- offline) is recognised and not applied twice. Removed with their attempt.
CREATE TABLE answer_keys (
    attempt_id BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    question_id BIGINT NOT NULL,
    choice BIGINT NOT NULL,
    saved_at BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, idempotency_key)
);
