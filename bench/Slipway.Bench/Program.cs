using System.CommandLine;
using Slipway.Bench;

var url = new Option<string>("--url") { Description = "Base URL of a running Slipway (or MLflow) server.", DefaultValueFactory = _ => "http://127.0.0.1:5055/" };
var scenario = new Option<string>("--scenario") { Description = "all, log-batch, log-metric, create-run, search, history, auth-middleware, profile or batch-scoring.", DefaultValueFactory = _ => "all" };
var duration = new Option<int>("--duration") { Description = "Seconds to measure each scenario (after the warm-up).", DefaultValueFactory = _ => 10 };
var warmup = new Option<int>("--warmup") { Description = "Seconds each scenario runs unmeasured first.", DefaultValueFactory = _ => 5 };
var connections = new Option<int>("--connections") { Description = "Concurrent connections for the throughput scenarios.", DefaultValueFactory = _ => 8 };
var requestConnections = new Option<int>("--request-connections") { Description = "Concurrent connections for log-metric and create-run.", DefaultValueFactory = _ => 32 };
var runs = new Option<int>("--search-runs") { Description = "Runs to seed for the search scenario.", DefaultValueFactory = _ => 10_000 };
var authorization = new Option<string?>("--authorization") { Description = "Authorization header for every request (\"Basic ...\" or \"Bearer slw_...\"); default: $SLIPWAY_BENCH_AUTHORIZATION, else none." };
var pageSizes = new Option<int[]>("--search-page-sizes") { Description = "Page sizes for the search scenario.", DefaultValueFactory = _ => [100, 1000], AllowMultipleArgumentsPerToken = true };
var searchConnections = new Option<int[]>("--search-connections") { Description = "Connection counts for the search scenario.", DefaultValueFactory = _ => [1, 4], AllowMultipleArgumentsPerToken = true };
var steps = new Option<int>("--history-steps") { Description = "Steps to seed for the history scenario.", DefaultValueFactory = _ => 10_000 };
var profileRows = new Option<int>("--profile-rows") { Description = "Rows of the table the profile scenario writes.", DefaultValueFactory = _ => 1_000_000 };
var profileRuns = new Option<int>("--profile-runs") { Description = "Times the profile scenario profiles each format.", DefaultValueFactory = _ => 5 };
var batchRows = new Option<int>("--batch-rows") { Description = "Rows of the Parquet file the batch-scoring scenario writes.", DefaultValueFactory = _ => 5_000_000 };
var batchRuns = new Option<int>("--batch-runs") { Description = "Times the batch-scoring scenario scores the file.", DefaultValueFactory = _ => 3 };
var batchChunkRows = new Option<int>("--batch-chunk-rows") { Description = "Rows per call to the model in the batch-scoring scenario.", DefaultValueFactory = _ => 65_536 };

var root = new RootCommand("Load generator for Slipway's tracking API: the benchmark scenarios of bench/README.md.")
{
    url, scenario, duration, warmup, connections, requestConnections, runs, steps, authorization, pageSizes, searchConnections, profileRows, profileRuns,
    batchRows, batchRuns, batchChunkRows,
};
root.SetAction(async parse =>
{
    var baseUri = new Uri(parse.GetValue(url)!);
    var which = parse.GetValue(scenario)!;
    if (which == "auth-middleware")
    {
        await AccessControlCost.RunAsync(1_000_000);
        return 0;
    }

    if (which == "profile")
    {
        ProfilingCost.Run(parse.GetValue(profileRows), parse.GetValue(profileRuns));
        return 0;
    }

    if (which == "batch-scoring")
    {
        await BatchScoringCost.RunAsync(parse.GetValue(batchRows), parse.GetValue(batchRuns), parse.GetValue(batchChunkRows));
        return 0;
    }

    var seconds = TimeSpan.FromSeconds(parse.GetValue(duration));
    Scenarios.Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup));
    var concurrency = parse.GetValue(connections);
    var small = parse.GetValue(requestConnections);
    var header = parse.GetValue(authorization) ?? Environment.GetEnvironmentVariable("SLIPWAY_BENCH_AUTHORIZATION");
    using var client = new MlflowLoadClient(baseUri, Math.Max(Math.Max(concurrency, small), 8), string.IsNullOrEmpty(header) ? null : header);
    var results = new List<LoadResult>();
    bool Wants(string name) => which is "all" || which == name;

    if (Wants("log-batch"))
    {
        results.Add(await Scenarios.LogBatchAsync(client, concurrency, seconds));
    }

    if (Wants("log-metric"))
    {
        results.Add(await Scenarios.LogMetricAsync(client, small, seconds));
    }

    if (Wants("create-run"))
    {
        results.Add(await Scenarios.CreateRunAsync(client, small, seconds));
    }

    if (Wants("search"))
    {
        results.AddRange(await Scenarios.SearchRunsAsync(client, parse.GetValue(runs), parse.GetValue(searchConnections)!, parse.GetValue(pageSizes)!, seconds));
    }

    if (Wants("history"))
    {
        results.Add(await Scenarios.MetricHistoryAsync(client, parse.GetValue(steps), seconds));
    }

    Console.WriteLine("| scenario | connections | requests | errors | requests/s | values/s | p50 ms | p99 ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var result in results)
    {
        Console.WriteLine(result.ToMarkdownRow());
    }

    return results.Any(r => r.Errors > 0) ? 1 : 0;
});
return await root.Parse(args).InvokeAsync();
