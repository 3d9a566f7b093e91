-- Membership: Orleans' ADO.NET shape. One version row per cluster serializes every membership change:
-- an insert or update of a silo row moves the version by one in the same transaction, conditional on
-- the version the writer read (compare-and-swap). Heartbeats touch only i_am_alive_time.
CREATE TABLE membership_version (
    cluster_id  text        NOT NULL PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membership (
    cluster_id       text        NOT NULL REFERENCES membership_version (cluster_id) ON DELETE CASCADE,
    host             text        NOT NULL,
    port             integer     NOT NULL,
    generation       bigint      NOT NULL,
    host_name        text        NOT NULL,
    status           smallint    NOT NULL,
    start_time       timestamptz NOT NULL,
    i_am_alive_time  timestamptz NOT NULL,
    -- Suspicion votes: [{"suspecter": "host:port@generation", "time": "…"}]; read and written whole with the row.
    suspicions       jsonb       NOT NULL DEFAULT '[]',
    -- Row version: conditional updates present it; heartbeats do not move it.
    etag             integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (cluster_id, host, port, generation)
);
