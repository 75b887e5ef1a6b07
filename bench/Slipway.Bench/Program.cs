using System.CommandLine;
using Slipway.Bench;

var url = new Option<string>("--url") { Description = "Base URL of a running Slipway (or MLflow) server.", DefaultValueFactory = _ => "http://127.0.0.1:5055/" };
var scenario = new Option<string>("--scenario")
{
    Description = "all, log-batch, log-metric, create-run, search, history, auth-middleware, profile or batch-scoring; for serving (bench/serving.sh): "
        + "floor, serving-setup, open-loop, grpc-infer, serving-allocations or ortvalue-gc.",
    DefaultValueFactory = _ => "all",
};
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
var port = new Option<int>("--port") { Description = "floor: the HTTP port to listen on (127.0.0.1).", DefaultValueFactory = _ => 5060 };
var dataDir = new Option<string?>("--data-dir") { Description = "serving-setup: the server's data directory (the setup writes the model's artifacts into it)." };
var deployments = new Option<string[]>("--deployments")
{
    Description = "serving-setup: deployments to create, as name=log_sample_rate.",
    DefaultValueFactory = _ => ["linear=0", "linear-logged=1"],
    AllowMultipleArgumentsPerToken = true,
};
var rate = new Option<double>("--rate") { Description = "open-loop: requests per second to schedule.", DefaultValueFactory = _ => 1000 };
var path = new Option<string>("--path") { Description = "open-loop: the path to POST one row to.", DefaultValueFactory = _ => "/v2/models/linear/infer" };
var generatorThreads = new Option<int>("--generator-threads") { Description = "open-loop: threads that share the connections.", DefaultValueFactory = _ => 2 };
var slowLog = new Option<string?>("--slow-log") { Description = "open-loop: write each measured request slower than 2 ms to this file (\"<scheduled ms since the window began> <latency ms>\", by time)." };
var requestCount = new Option<int>("--requests") { Description = "serving-allocations: requests to measure (half as many warm up first).", DefaultValueFactory = _ => 100_000 };
var grpcUrl = new Option<string>("--grpc-url") { Description = "grpc-infer: the server's gRPC address.", DefaultValueFactory = _ => "http://127.0.0.1:5061" };
var model = new Option<string>("--model") { Description = "grpc-infer: the deployment to call.", DefaultValueFactory = _ => "linear" };
var rows = new Option<int>("--rows") { Description = "grpc-infer: rows per request.", DefaultValueFactory = _ => 1000 };
var calls = new Option<int>("--calls") { Description = "grpc-infer: concurrent calls.", DefaultValueFactory = _ => 8 };
var grpcChannels = new Option<int>("--grpc-channels") { Description = "grpc-infer: HTTP/2 connections the calls share.", DefaultValueFactory = _ => 2 };

var root = new RootCommand("Load generator for Slipway's tracking API: the benchmark scenarios of bench/README.md.")
{
    url, scenario, duration, warmup, connections, requestConnections, runs, steps, authorization, pageSizes, searchConnections, profileRows, profileRuns,
    batchRows, batchRuns, batchChunkRows,
    port, dataDir, deployments, rate, path, generatorThreads, slowLog, requestCount, grpcUrl, model, rows, calls, grpcChannels,
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

    if (which == "ortvalue-gc")
    {
        OrtValueGcCost.Run();
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
    var warmupSeconds = TimeSpan.FromSeconds(parse.GetValue(warmup));
    switch (which)
    {
        case "floor":
            await ServingFloor.RunAsync(parse.GetValue(port));
            return 0;
        case "serving-setup":
            {
                using var setupClient = new MlflowLoadClient(baseUri, 4);
                var wanted = parse.GetValue(deployments)!.Select(d => d.Split('=', 2)).Select(p => (p[0], double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
                await ServingSetup.RunAsync(setupClient, parse.GetValue(dataDir) ?? throw new ArgumentException("serving-setup needs --data-dir."), wanted);
                return 0;
            }

        case "serving-allocations":
            await ServingAllocations.RunAsync(parse.GetValue(requestCount), parse.GetValue(path)!);
            return 0;
        case "open-loop":
            {
                var result = OpenLoopLoad.Run(
                    baseUri, parse.GetValue(path)!, ServingSetup.OneRowV2Body(), parse.GetValue(rate), parse.GetValue(connections), parse.GetValue(generatorThreads),
                    warmupSeconds, seconds, parse.GetValue(slowLog));
                Console.WriteLine(OpenLoopResult.MarkdownHeader);
                Console.WriteLine(result.ToMarkdownRow());
                return result.Errors > 0 ? 1 : 0;
            }

        case "grpc-infer":
            {
                var result = await GrpcInferLoad.RunAsync(
                    new Uri(parse.GetValue(grpcUrl)!), parse.GetValue(model)!, parse.GetValue(rows), parse.GetValue(calls), parse.GetValue(grpcChannels), warmupSeconds, seconds);
                Console.WriteLine("| scenario | concurrent calls | requests | errors | requests/s | rows/s | p50 ms | p99 ms |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
                Console.WriteLine(result.ToMarkdownRow());
                return result.Errors > 0 ? 1 : 0;
            }
    }

    Scenarios.Warmup = warmupSeconds;
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
