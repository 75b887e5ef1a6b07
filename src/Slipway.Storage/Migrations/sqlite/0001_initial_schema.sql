-- Tracking and registry schema. Runs carry an internal integer key (run_key) that child rows
-- reference; run_id is the public 32-character id. Timestamps are milliseconds since the epoch.

CREATE TABLE workspaces (
    workspace_id TEXT NOT NULL PRIMARY KEY,
    creation_time INTEGER NOT NULL
);

INSERT INTO workspaces (workspace_id, creation_time) VALUES ('default', 0);

CREATE TABLE experiments (
    experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    name TEXT NOT NULL,
    artifact_location TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    last_update_time INTEGER NOT NULL,
    CONSTRAINT experiments_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE experiment_tags (
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (experiment_id, key)
) WITHOUT ROWID;

CREATE TABLE runs (
    run_key INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL CONSTRAINT runs_run_id UNIQUE,
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    end_time INTEGER,
    artifact_uri TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    deleted_time INTEGER
);

CREATE INDEX runs_experiment_start_time ON runs (experiment_id, start_time DESC, run_id);

CREATE TABLE run_tags (
    run_key INTEGER NOT NULL REFERENCES runs (run_key),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_key, key)
) WITHOUT ROWID;

CREATE TABLE params (
    run_key INTEGER NOT NULL REFERENCES runs (run_key),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_key, key)
) WITHOUT ROWID;

-- Append-only history. SQLite stores NaN as NULL, so NaN is value 0 with is_nan 1. Logging the
-- same (key, step, timestamp, value) twice keeps one row, as MLflow's primary key does.
-- No foreign key: this is the ingestion hot path and runs are never hard-deleted.
CREATE TABLE metrics (
    run_key INTEGER NOT NULL,
    key TEXT NOT NULL,
    step INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value REAL NOT NULL,
    is_nan INTEGER NOT NULL,
    PRIMARY KEY (run_key, key, step, timestamp, value, is_nan)
) WITHOUT ROWID;

-- The value with the greatest (step, timestamp, value) per run and key; what GetRun and search see.
CREATE TABLE latest_metrics (
    run_key INTEGER NOT NULL,
    key TEXT NOT NULL,
    step INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    value REAL NOT NULL,
    is_nan INTEGER NOT NULL,
    PRIMARY KEY (run_key, key)
) WITHOUT ROWID;

CREATE TABLE datasets (
    dataset_id INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name TEXT NOT NULL,
    digest TEXT NOT NULL,
    source_type TEXT NOT NULL,
    source TEXT NOT NULL,
    schema TEXT,
    profile TEXT,
    CONSTRAINT datasets_experiment_name_digest UNIQUE (experiment_id, name, digest)
);

CREATE TABLE run_inputs (
    run_key INTEGER NOT NULL REFERENCES runs (run_key),
    dataset_id INTEGER NOT NULL REFERENCES datasets (dataset_id),
    PRIMARY KEY (run_key, dataset_id)
) WITHOUT ROWID;

CREATE TABLE run_input_tags (
    run_key INTEGER NOT NULL,
    dataset_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_key, dataset_id, key),
    FOREIGN KEY (run_key, dataset_id) REFERENCES run_inputs (run_key, dataset_id)
) WITHOUT ROWID;

CREATE TABLE registered_models (
    model_key INTEGER PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    name TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    description TEXT,
    user_id TEXT,
    -- Versions are numbered from this counter, so a deleted version's number is never reused.
    next_version INTEGER NOT NULL,
    CONSTRAINT registered_models_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE registered_model_tags (
    model_key INTEGER NOT NULL REFERENCES registered_models (model_key),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (model_key, key)
) WITHOUT ROWID;

CREATE TABLE model_versions (
    model_key INTEGER NOT NULL REFERENCES registered_models (model_key),
    version INTEGER NOT NULL,
    creation_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    user_id TEXT,
    current_stage TEXT NOT NULL,
    description TEXT,
    source TEXT NOT NULL,
    run_id TEXT,
    run_link TEXT,
    status TEXT NOT NULL,
    status_message TEXT,
    PRIMARY KEY (model_key, version)
) WITHOUT ROWID;

CREATE TABLE model_version_tags (
    model_key INTEGER NOT NULL,
    version INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (model_key, version, key),
    FOREIGN KEY (model_key, version) REFERENCES model_versions (model_key, version)
) WITHOUT ROWID;

CREATE TABLE registered_model_aliases (
    model_key INTEGER NOT NULL,
    alias TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (model_key, alias),
    FOREIGN KEY (model_key, version) REFERENCES model_versions (model_key, version)
) WITHOUT ROWID;
