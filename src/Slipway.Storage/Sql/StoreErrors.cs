using Slipway.Core.Errors;

namespace Slipway.Storage.Sql;

/// <summary>The errors store operations raise, with MLflow's codes and wording.</summary>
internal static class StoreErrors
{
    public static SlipwayException ExperimentNotFound(string experimentId) =>
        SlipwayException.NotFound($"No Experiment with id={experimentId} exists");

    public static SlipwayException ExperimentNameTaken(string name) =>
        SlipwayException.AlreadyExists($"Experiment(name={name}) already exists.");

    public static SlipwayException ExperimentNotActive(string experimentId) =>
        SlipwayException.Invalid($"The experiment {experimentId} must be in the 'active' state. Current state is deleted.");

    public static SlipwayException DefaultExperimentUndeletable() =>
        SlipwayException.Invalid("Cannot delete the default experiment '0'. This is an internally reserved experiment.");

    public static SlipwayException RunNotFound(string runId) =>
        SlipwayException.NotFound($"Run with id={runId} not found");

    public static SlipwayException RunNotActive(string runId) =>
        SlipwayException.Invalid($"The run {runId} must be in the 'active' state. Current state is deleted.");

    public static SlipwayException RunTagNotFound(string runId, string key) =>
        SlipwayException.NotFound($"No tag with name: {key} in run with id {runId}");

    public static SlipwayException RunNameConflict(string runName, string tagValue) =>
        SlipwayException.Invalid(
            $"Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='{runName}', mlflow.runName='{tagValue}').");

    public static SlipwayException ParamChanged(string runId, string key, string oldValue, string newValue) =>
        SlipwayException.Invalid(
            $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{oldValue}' for run ID='{runId}'. Attempted logging new value '{newValue}'.");

    public static SlipwayException DuplicateParamInBatch(string key) =>
        SlipwayException.Invalid(
            $"Duplicate parameter keys have been submitted: ['{key}']. Please ensure the request contains only one param value per param key.");

    public static SlipwayException ModelNameTaken(string name) =>
        SlipwayException.AlreadyExists($"Registered Model (name={name}) already exists.");

    public static SlipwayException ModelNotFound(string name) =>
        SlipwayException.NotFound($"Registered Model with name={name} not found");

    public static SlipwayException ModelVersionNotFound(string name, long version) =>
        SlipwayException.NotFound($"Model Version (name={name}, version={version}) not found");

    public static SlipwayException AliasNotFound(string alias) =>
        SlipwayException.NotFound($"Registered model alias {alias} not found.");

    public static SlipwayException InvalidStage(string? stage) =>
        SlipwayException.Invalid(
            $"Invalid Model Version stage: {stage}. Value must be one of {string.Join(", ", Core.Registry.ModelStage.All)}.");

    public static SlipwayException CannotArchiveFromStage(string stage) =>
        SlipwayException.Invalid(
            $"Model version transition cannot archive existing model versions because '{stage}' is not an Active stage. Valid stages are Staging, Production");

    public static SlipwayException UserNotFound(string name) =>
        SlipwayException.NotFound($"User with username={name} not found");

    public static SlipwayException UserNameTaken(string name) =>
        SlipwayException.AlreadyExists($"User (username={name}) already exists.");
}
