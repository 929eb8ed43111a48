-- Sessions are looked up by token (the primary key), ended by user ("sign out
-- everywhere") and cleared by expiry on every sign-in: index both.
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
