-- Their values live in metric_chunks since 0004.
DROP TABLE metrics_staging;
DROP TABLE metrics;
