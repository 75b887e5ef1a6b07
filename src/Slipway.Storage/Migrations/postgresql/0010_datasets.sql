-- Versioned datasets (ADR 0009; the MLflow run-input table is `datasets`): numbered immutable versions whose manifests name content-addressed blobs; tags are
-- movable names for versions. metadata is JSON (schema, row count, profile) computed at commit.
CREATE TABLE data_catalog (
    dataset_key BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id TEXT COLLATE "C" NOT NULL REFERENCES workspaces (workspace_id),
    name TEXT COLLATE "C" NOT NULL,
    creation_time BIGINT NOT NULL,
    last_updated_time BIGINT NOT NULL,
    next_version BIGINT NOT NULL,
    CONSTRAINT data_catalog_workspace_name UNIQUE (workspace_id, name)
);

CREATE TABLE data_versions (
    dataset_key BIGINT NOT NULL REFERENCES data_catalog (dataset_key),
    version BIGINT NOT NULL,
    creation_time BIGINT NOT NULL,
    creator TEXT,
    message TEXT,
    parent_version BIGINT,
    file_count BIGINT NOT NULL,
    total_bytes BIGINT NOT NULL,
    metadata TEXT,
    PRIMARY KEY (dataset_key, version)
);

CREATE TABLE data_files (
    dataset_key BIGINT NOT NULL,
    version BIGINT NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    size BIGINT NOT NULL,
    content_hash TEXT COLLATE "C" NOT NULL,
    media_type TEXT NOT NULL,
    PRIMARY KEY (dataset_key, version, path),
    FOREIGN KEY (dataset_key, version) REFERENCES data_versions (dataset_key, version)
);

CREATE TABLE data_tags (
    dataset_key BIGINT NOT NULL REFERENCES data_catalog (dataset_key),
    tag TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (dataset_key, tag),
    FOREIGN KEY (dataset_key, version) REFERENCES data_versions (dataset_key, version)
);
