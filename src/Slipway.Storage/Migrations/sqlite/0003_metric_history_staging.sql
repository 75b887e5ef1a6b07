-- New metric values land here first, in arrival order, and the writer moves them to metrics in sorted
-- slices. Appending keeps a batch of 1000 different keys from touching a page of metrics per key; the
-- slices touch each page once for many values. Reads see both tables (see SqliteDialect.MetricHistory).
CREATE TABLE metrics_staging (
    seq INTEGER PRIMARY KEY,
    run_key INTEGER NOT NULL,
    key TEXT NOT NULL,
    step INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value REAL NOT NULL,
    is_nan INTEGER NOT NULL
);

CREATE INDEX metrics_staging_run ON metrics_staging (run_key);
