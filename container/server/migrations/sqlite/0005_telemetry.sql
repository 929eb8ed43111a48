-- Remote loads measured in students' browsers (telemetry beacons), kept for a
-- limited time (MF_TELEMETRY_DAYS) for the admin page and /metrics (SQLite).
CREATE TABLE remote_loads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at BIGINT NOT NULL,
    remote TEXT NOT NULL,
    version TEXT NOT NULL,
    -- Milliseconds per phase; -1 where the load did not get that far.
    manifest_ms BIGINT NOT NULL,
    download_ms BIGINT NOT NULL,
    instantiate_ms BIGINT NOT NULL,
    mount_ms BIGINT NOT NULL,
    total_ms BIGINT NOT NULL,
    -- Bytes on the wire (compressed), 0 when the browser could not tell.
    bytes BIGINT NOT NULL,
    -- The FED-xxx code of a failed load, empty when it worked.
    error_code TEXT NOT NULL,
    -- Over the 3 s load budget, or over the remote's byte budget.
    slow BIGINT NOT NULL,
    over_budget BIGINT NOT NULL
);

CREATE INDEX remote_loads_by_remote ON remote_loads (remote, version, id);
CREATE INDEX remote_loads_by_time ON remote_loads (received_at);
