-- Grain state: one row per (grain, state name). etag is a version number that every write and clear
-- moves by one; a clear keeps the row with state = NULL so the version never restarts (no ABA).
-- Writes are accepted only from the epoch that grain_directory holds for the grain (fencing).
CREATE TABLE grain_state (
    cluster_id   text        NOT NULL,
    grain_id     text        NOT NULL,
    state_name   text        NOT NULL,
    state        jsonb       NULL,
    etag         bigint      NOT NULL,
    epoch        bigint      NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster_id, grain_id, state_name)
);
