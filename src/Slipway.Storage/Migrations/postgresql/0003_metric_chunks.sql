-- Metric history as chunks: one row per key per log call (and merged rows of up to 4096 values), the
-- values encoded in data (see MetricChunkCodec). This migration's data step (MetricChunkConversion) converts
-- the rows of metrics and drops the table, in this migration's transaction. The lock keeps an older server
-- still running against this database from adding rows that the conversion would miss.
LOCK TABLE metrics IN EXCLUSIVE MODE;

CREATE TABLE metric_chunks (
    chunk_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_key BIGINT NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    value_count INTEGER NOT NULL,
    min_step BIGINT NOT NULL,
    max_step BIGINT NOT NULL,
    data BYTEA NOT NULL
);

CREATE INDEX metric_chunks_run_key ON metric_chunks (run_key, key);
