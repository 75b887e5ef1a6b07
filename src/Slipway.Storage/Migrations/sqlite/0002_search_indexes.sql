-- Param and tag filters in run search start from the runs whose (key, value) matches.
CREATE INDEX params_key_value ON params (key, value);
CREATE INDEX run_tags_key_value ON run_tags (key, value);
