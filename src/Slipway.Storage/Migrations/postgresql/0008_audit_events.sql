-- The audit log (ADR 0007): append-only; a trigger refuses any update or delete.
CREATE TABLE audit_events (
    event_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time BIGINT NOT NULL,
    actor TEXT COLLATE "C",
    workspace_id TEXT COLLATE "C",
    action TEXT NOT NULL,
    resource TEXT,
    outcome TEXT NOT NULL,
    client_address TEXT,
    details TEXT
);

CREATE INDEX audit_events_time ON audit_events (time);
CREATE INDEX audit_events_actor ON audit_events (actor, event_id);
CREATE INDEX audit_events_workspace ON audit_events (workspace_id, event_id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
