namespace Slipway.Client.Tests.Infrastructure;

/// <summary>Canned bodies of the pipeline API (<c>/api/v1/pipelines</c>, <c>/api/v1/pipeline-runs</c>), spelled as PipelineContracts.cs declares them.</summary>
public static class PipelineJson
{
    public const string RunId = "5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60";

    public const string Summary = """
        {"name":"churn","description":"Nightly churn model","experiment":"churn","params":[{"name":"lr","type":"float","default":"0.01"},{"name":"target","type":"string"}],
         "steps":[{"name":"prep","action":"python prep.py","depends_on":[]},{"name":"train","action":"python train.py --lr ${{ params.lr }}","depends_on":["prep"]}],
         "triggers":["schedule:0 3 * * *@UTC","webhook"],"concurrency":"skip-if-running","cooldown_seconds":600}
        """;

    /// <summary>A step as the run's GET answers it; <paramref name="extra"/> is more JSON members, such as <c>"exit_code":1</c>.</summary>
    public static string Step(string name, string status, int attempts = 1, string? extra = null, long? start = 1700000001000, long? end = null) => $$"""
        {"name":"{{name}}","status":"{{status}}","attempts":{{attempts}},"run_id":"run-{{name}}","start_time":{{Nullable(start)}},"end_time":{{Nullable(end)}},
         "outputs":{},"depends_on":[]{{(extra is null ? "" : "," + extra)}}}
        """;

    public static string Run(string status, params string[] steps) => RunWithId(RunId, status, steps);

    public static string RunWithId(string id, string status, params string[] steps) => $$"""
        {"id":"{{id}}","pipeline":"churn","status":"{{status}}","params":{"lr":"0.01"},"trigger":"manual","creator":"ada","experiment_id":"7",
         "code":"data:code.churn@3","creation_time":1700000000000,"start_time":1700000000500,"end_time":{{(status is "succeeded" or "failed" or "canceled" ? "1700000063000" : "null")}},
         "cancel_requested":false,"steps":[{{string.Join(",", steps)}}]}
        """;

    public static string Launched(string runJson) => $$"""{"run":{{runJson}}}""";

    private static string Nullable(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
}
