-- Versioned datasets (ADR 0009; the MLflow run-input table is `datasets`): numbered immutable versions whose manifests name content-addressed blobs; tags are
-- movable names for versions. metadata is JSON (schema, row count, profile) computed at commit.
CREATE TABLE data_catalog (
    dataset_key INTEGER PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    name TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    next_version INTEGER NOT NULL,
    CONSTRAINT data_catalog_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE data_versions (
    dataset_key INTEGER NOT NULL REFERENCES data_catalog (dataset_key),
    version INTEGER NOT NULL,
    creation_time INTEGER NOT NULL,
    creator TEXT,
    message TEXT,
    parent_version INTEGER,
    file_count INTEGER NOT NULL,
    total_bytes INTEGER NOT NULL,
    metadata TEXT,
    PRIMARY KEY (dataset_key, version)
) WITHOUT ROWID;

CREATE TABLE data_files (
    dataset_key INTEGER NOT NULL,
    version INTEGER NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    media_type TEXT NOT NULL,
    PRIMARY KEY (dataset_key, version, path),
    FOREIGN KEY (dataset_key, version) REFERENCES data_versions (dataset_key, version)
) WITHOUT ROWID;

CREATE TABLE data_tags (
    dataset_key INTEGER NOT NULL REFERENCES data_catalog (dataset_key),
    tag TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (dataset_key, tag),
    FOREIGN KEY (dataset_key, version) REFERENCES data_versions (dataset_key, version)
) WITHOUT ROWID;
