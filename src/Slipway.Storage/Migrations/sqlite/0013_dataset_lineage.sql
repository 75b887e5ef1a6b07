-- The blob sweep asks which of a batch of content hashes any version still names; runs are linked to the dataset
-- versions their logged inputs referenced (data:name@version, pinned when logged, since tags move).
CREATE INDEX data_files_content_hash ON data_files (content_hash);

CREATE TABLE data_run_inputs (
    dataset_key INTEGER NOT NULL,
    version INTEGER NOT NULL,
    run_id TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    PRIMARY KEY (dataset_key, version, run_id),
    FOREIGN KEY (dataset_key, version) REFERENCES data_versions (dataset_key, version)
) WITHOUT ROWID;

CREATE INDEX data_run_inputs_run ON data_run_inputs (run_id);
