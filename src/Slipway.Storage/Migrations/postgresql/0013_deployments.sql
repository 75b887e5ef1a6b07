-- Model-serving deployments: a named endpoint per workspace with its current spec, and every revision of that spec.
-- spec is JSON (see DeploymentSpecJson). A change appends a revision and bumps deployments.revision in the same
-- transaction, so the deployment's row always equals its newest revision; rollbacks append too.
CREATE TABLE deployments (
    workspace_id TEXT COLLATE "C" NOT NULL REFERENCES workspaces (workspace_id),
    name TEXT COLLATE "C" NOT NULL,
    description TEXT,
    revision BIGINT NOT NULL,
    spec TEXT NOT NULL,
    created_by TEXT,
    updated_by TEXT,
    creation_time BIGINT NOT NULL,
    last_updated_time BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

-- change is a short human account of the revision: "created", "updated", "rolled back to revision 2".
CREATE TABLE deployment_revisions (
    workspace_id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    revision BIGINT NOT NULL,
    spec TEXT NOT NULL,
    created_by TEXT,
    creation_time BIGINT NOT NULL,
    change TEXT NOT NULL,
    PRIMARY KEY (workspace_id, name, revision),
    FOREIGN KEY (workspace_id, name) REFERENCES deployments (workspace_id, name)
);
