-- Its values live in metric_chunks since 0003.
DROP TABLE metrics;
