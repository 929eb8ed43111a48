-- The remote registry: every deploy, rollback and refused deploy, and each remote's active deployment (PostgreSQL).
CREATE TABLE remote_deployments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    remote TEXT NOT NULL,
    version TEXT NOT NULL,
    -- JSON array of base URLs, in order of preference.
    bases TEXT NOT NULL,
    -- The manifest's asset integrities when deployed, to keep versions immutable.
    assets TEXT NOT NULL,
    -- deploy | rollback | bootstrap | refused
    action TEXT NOT NULL,
    deployed_at BIGINT NOT NULL,
    deployed_by TEXT NOT NULL,
    -- "ok", or why it was refused.
    health TEXT NOT NULL
);

CREATE INDEX remote_deployments_by_remote ON remote_deployments (remote, id);

CREATE TABLE remote_active (
    remote TEXT PRIMARY KEY,
    deployment_id BIGINT NOT NULL REFERENCES remote_deployments (id)
);
