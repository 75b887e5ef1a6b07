-- Per-resource grants (ADR 0007): a user's level (an AccessLevels name) on one experiment or registered model,
-- replacing what the user's workspace role gives there. Model grants hang off model_key, so a rename keeps
-- them; deleting the user or the resource deletes them.
CREATE TABLE experiment_grants (
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    PRIMARY KEY (experiment_id, user_id)
) WITHOUT ROWID;

CREATE INDEX experiment_grants_user ON experiment_grants (user_id);

CREATE TABLE registered_model_grants (
    model_key INTEGER NOT NULL REFERENCES registered_models (model_key) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    PRIMARY KEY (model_key, user_id)
) WITHOUT ROWID;

CREATE INDEX registered_model_grants_user ON registered_model_grants (user_id);
