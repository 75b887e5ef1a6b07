-- Metric history as chunks: one row per key per log call (and merged rows of up to 4096 values), the
-- values encoded in data (see MetricChunkCodec). A 1000-value batch of 100 keys writes 100 rows instead of
-- 1000, and a 10,000-step history reads as a few rows. This migration's data step (MetricChunkConversion)
-- converts the rows of metrics and metrics_staging and drops both tables, in this migration's transaction,
-- so no value logged by an older process in between can be lost.
CREATE TABLE metric_chunks (
    chunk_id INTEGER PRIMARY KEY,
    run_key INTEGER NOT NULL,
    key TEXT NOT NULL,
    value_count INTEGER NOT NULL,
    min_step INTEGER NOT NULL,
    max_step INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE INDEX metric_chunks_run_key ON metric_chunks (run_key, key);
