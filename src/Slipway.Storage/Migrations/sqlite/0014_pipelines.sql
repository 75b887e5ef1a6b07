-- Pipelines (ADR 0010): registered specs, runs with their steps and attempts, the step cache, trigger state and
-- webhooks. A pipeline run's id is its tracking run's id (supplied by the orchestrator, unique across workspaces).
-- Runs keep a copy of the spec they ran and outlive their pipeline's registration. Statuses are PipelineStatuses
-- names; params and outputs are JSON objects of text values; cancel_requested is 0 or 1.
CREATE TABLE pipelines (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    name TEXT NOT NULL,
    spec TEXT NOT NULL,
    code TEXT,
    creator TEXT,
    creation_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

CREATE TABLE pipeline_runs (
    run_id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    pipeline TEXT NOT NULL,
    status TEXT NOT NULL,
    spec TEXT NOT NULL,
    params TEXT NOT NULL,
    trigger_kind TEXT NOT NULL,
    trigger_detail TEXT,
    creator TEXT,
    experiment_id TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    start_time INTEGER,
    end_time INTEGER,
    message TEXT,
    cancel_requested INTEGER NOT NULL,
    code TEXT
);

-- Listing newest first, of a workspace or of one pipeline; and what the orchestrator resumes after a restart.
CREATE INDEX pipeline_runs_workspace ON pipeline_runs (workspace_id, creation_time DESC, run_id);
CREATE INDEX pipeline_runs_pipeline ON pipeline_runs (workspace_id, pipeline, creation_time DESC, run_id);
CREATE INDEX pipeline_runs_unfinished ON pipeline_runs (creation_time, run_id) WHERE status IN ('queued', 'running');

-- position is the step's place in the order the run created its steps.
CREATE TABLE pipeline_steps (
    run_id TEXT NOT NULL REFERENCES pipeline_runs (run_id),
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    tracking_run_id TEXT,
    cache_key TEXT,
    cached_from TEXT,
    start_time INTEGER,
    end_time INTEGER,
    next_attempt_time INTEGER,
    exit_code INTEGER,
    message TEXT,
    outputs TEXT NOT NULL,
    process_id INTEGER,
    process_start_time INTEGER,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;

CREATE TABLE pipeline_step_attempts (
    run_id TEXT NOT NULL,
    step TEXT NOT NULL,
    number INTEGER NOT NULL,
    status TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    end_time INTEGER,
    exit_code INTEGER,
    message TEXT,
    PRIMARY KEY (run_id, step, number),
    FOREIGN KEY (run_id, step) REFERENCES pipeline_steps (run_id, name)
) WITHOUT ROWID;

CREATE TABLE pipeline_cache (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    cache_key TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    step TEXT NOT NULL,
    pipeline_run_id TEXT NOT NULL,
    tracking_run_id TEXT NOT NULL,
    outputs TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, cache_key)
) WITHOUT ROWID;

CREATE TABLE pipeline_trigger_firings (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    pipeline TEXT NOT NULL,
    trigger_key TEXT NOT NULL,
    last_fired_time INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, pipeline, trigger_key)
) WITHOUT ROWID;

-- token_hash is the SHA-256 of the webhook's secret; the id is public (part of the URL) and unique across workspaces.
CREATE TABLE pipeline_webhooks (
    webhook_id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id),
    pipeline TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    creator TEXT,
    creation_time INTEGER NOT NULL
);

CREATE INDEX pipeline_webhooks_pipeline ON pipeline_webhooks (workspace_id, pipeline);
