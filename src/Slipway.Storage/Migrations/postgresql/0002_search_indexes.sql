-- Param and tag filters in run search start from the runs that have the key. Values are not indexed:
-- a B-tree entry is limited to about 2.7 kB and param and tag values may be longer.
CREATE INDEX params_key_run ON params (key, run_key);
CREATE INDEX run_tags_key_run ON run_tags (key, run_key);
