-- Run search ordered by a metric it also filters on walks this index from the best value and stops at the
-- page's end (RunSearchSql), instead of sorting every matching run.
CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);
