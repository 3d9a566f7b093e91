-- Grain directory: one row per grain, never deleted. A vacant row (silo IS NULL) keeps the grain's last
-- epoch so that epochs never repeat: every new owner gets epoch + 1, which fences older writers.
-- Leases are measured on the database clock (now()) so that silo clock skew cannot break them.
CREATE TABLE grain_directory (
    cluster_id     text        NOT NULL,
    grain_id       text        NOT NULL,
    silo           text        NULL,
    activation_id  text        NULL,
    epoch          bigint      NOT NULL,
    lease_until    timestamptz NULL,
    PRIMARY KEY (cluster_id, grain_id),
    CONSTRAINT grain_directory_owner_complete CHECK (
        (silo IS NULL AND activation_id IS NULL AND lease_until IS NULL)
        OR (silo IS NOT NULL AND activation_id IS NOT NULL AND lease_until IS NOT NULL))
);

-- Lease renewal and UnregisterSilos touch every row of one silo in a single statement.
CREATE INDEX grain_directory_by_silo ON grain_directory (cluster_id, silo) WHERE silo IS NOT NULL;
