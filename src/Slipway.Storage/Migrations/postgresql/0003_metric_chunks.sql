-- Metric history as chunks: one row per key per log call (and merged rows of up to 4096 values), the
-- values encoded in data (see MetricChunkCodec). The rows of metrics are converted by this migration's
-- data step (MetricChunkConversion), then 0004 drops that table.
CREATE TABLE metric_chunks (
    chunk_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_key BIGINT NOT NULL,
    key TEXT NOT NULL,
    value_count INTEGER NOT NULL,
    min_step BIGINT NOT NULL,
    max_step BIGINT NOT NULL,
    data BYTEA NOT NULL
);

CREATE INDEX metric_chunks_run_key ON metric_chunks (run_key, key);
