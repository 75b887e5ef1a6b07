-- Staged log calls: each log call writes its metrics as one row here (all keys of the batch, in
-- StagedMetricBatchCodec's layout) instead of one metric_chunks row per key; the writer later sorts a run's
-- staged rows into metric_chunks while it is idle (MetricChunkCompaction, ADR 0006). Readers of a run's
-- history read both tables.
CREATE TABLE metric_batches (
    batch_id INTEGER PRIMARY KEY,
    run_key INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE INDEX metric_batches_run_key ON metric_batches (run_key);
