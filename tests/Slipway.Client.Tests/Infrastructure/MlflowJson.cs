namespace Slipway.Client.Tests.Infrastructure;

/// <summary>Canned MLflow JSON bodies, spelled the way MLflow servers send them.</summary>
public static class MlflowJson
{
    public static string RunInfo(string runId, string experimentId = "1", string status = "RUNNING", string runName = "run") => $$"""
        {"run_id":"{{runId}}","run_uuid":"{{runId}}","run_name":"{{runName}}","experiment_id":"{{experimentId}}","user_id":"alice",
         "status":"{{status}}","start_time":1700000000000,"artifact_uri":"mlflow-artifacts:/{{experimentId}}/{{runId}}/artifacts",
         "lifecycle_stage":"active"}
        """;

    public static string Run(string runId, string experimentId = "1", string metrics = "[]", string parameters = "[]", string tags = "[]") => $$"""
        {"run":{"info":{{RunInfo(runId, experimentId)}},"data":{"metrics":{{metrics}},"params":{{parameters}},"tags":{{tags}} },"inputs":{} } }
        """;

    public static string Experiment(string id, string name, string stage = "active") => $$"""
        {"experiment_id":"{{id}}","name":"{{name}}","artifact_location":"mlflow-artifacts:/{{id}}","lifecycle_stage":"{{stage}}",
         "last_update_time":1700000000000,"creation_time":1700000000000,"tags":[]}
        """;

    public static string ModelVersion(string name, string version, string stage = "None", string aliases = "[]") => $$"""
        {"name":"{{name}}","version":"{{version}}","creation_timestamp":1700000000000,"last_updated_timestamp":1700000000000,
         "current_stage":"{{stage}}","source":"runs:/r{{version}}/model","run_id":"r{{version}}","status":"READY","aliases":{{aliases}}}
        """;
}
