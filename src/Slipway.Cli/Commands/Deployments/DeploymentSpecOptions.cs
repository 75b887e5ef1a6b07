using System.CommandLine;
using System.Globalization;
using Slipway.Client.Deployments;
using Slipway.Core.Serving;

namespace Slipway.Cli.Commands.Deployments;

/// <summary>
/// The options that describe a deployment, shared by <c>create</c> (which builds a spec from them) and <c>update</c>
/// (which changes only the fields given, keeping the rest of the current revision).
/// </summary>
internal sealed class DeploymentSpecOptions
{
    /// <summary>Fields <c>update --clear</c> can turn off.</summary>
    public static readonly string[] Clearable = ["shadow", "sticky-header", "batching", "log-webhook"];

    public DeploymentSpecOptions(bool forUpdate)
    {
        Targets = TargetOption.Create(forUpdate
            ? "Replace the targets: a registry URI with an optional relative weight, such as models:/churn/4=10; repeat for a traffic split. Default: the current targets."
            : "A registry URI to serve, with an optional relative weight (default 100): models:/churn@champion, models:/churn/3=90; repeat for a traffic split (canary, A/B).");
        Shadow = new Option<string?>("--shadow")
        {
            Description = "A registry URI that gets a copy of every request; its answers are only logged, never returned.",
            HelpName = "uri",
        };
        StickyHeader = new Option<string?>("--sticky-header")
        {
            Description = "A request header (such as X-User-Id) whose value pins a caller to one target of the split.",
            HelpName = "header",
        };
        BatchSize = new Option<int?>("--batch-size")
        {
            Description = $"Batch concurrent requests into runtime calls of up to N rows (1 to {DeploymentSpecRules.MaxBatchSize.ToString("N0", CultureInfo.InvariantCulture)}). Default: no batching.",
            HelpName = "n",
        };
        BatchSize.Validators.Add(result => NumberRange.Check(result, 1, DeploymentSpecRules.MaxBatchSize, "--batch-size must be from 1 to 100000"));
        BatchLatency = new Option<int?>("--batch-latency-ms")
        {
            Description = $"With batching: wait at most this many milliseconds for a batch to fill (0 to {DeploymentSpecRules.MaxBatchLatencyMs.ToString("N0", CultureInfo.InvariantCulture)}; default 5).",
            HelpName = "ms",
        };
        BatchLatency.Validators.Add(result => NumberRange.Check(result, 0, DeploymentSpecRules.MaxBatchLatencyMs, "--batch-latency-ms must be from 0 to 10000"));
        LogSampleRate = new Option<double?>("--log-sample-rate")
        {
            Description = "Share of requests written to the inference log, from 0 to 1" + (forUpdate ? "." : " (default 1: every request)."),
            HelpName = "rate",
        };
        LogSampleRate.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0
                && !(double.TryParse(result.Tokens[^1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate >= 0 && rate <= 1))
            {
                result.AddError($"--log-sample-rate must be a number from 0 to 1 (got '{result.Tokens[^1].Value}').");
            }
        });
        LogWebhook = new Option<string?>("--log-webhook")
        {
            Description = "An http(s) URL that receives the logged requests and answers as CloudEvents.",
            HelpName = "url",
        };
        Description = new Option<string?>("--description")
        {
            Description = forUpdate ? "A new description; default: the current one." : "What the deployment is for.",
            HelpName = "text",
        };
        Clear = new Option<string[]>("--clear")
        {
            Description = $"Turn a setting off: {string.Join(", ", Clearable)}; repeat for several.",
            HelpName = "setting",
            AllowMultipleArgumentsPerToken = false,
        };
        Clear.AcceptOnlyFromAmong(Clearable);
    }

    public Option<string[]> Targets { get; }

    public Option<string?> Shadow { get; }

    public Option<string?> StickyHeader { get; }

    public Option<int?> BatchSize { get; }

    public Option<int?> BatchLatency { get; }

    public Option<double?> LogSampleRate { get; }

    public Option<string?> LogWebhook { get; }

    public Option<string?> Description { get; }

    /// <summary><c>update</c> only.</summary>
    public Option<string[]> Clear { get; }

    public void AddTo(Command command, bool forUpdate)
    {
        foreach (var option in (Option[])[Targets, Shadow, StickyHeader, BatchSize, BatchLatency, LogSampleRate, LogWebhook, Description])
        {
            command.Options.Add(option);
        }

        if (forUpdate)
        {
            command.Options.Add(Clear);
        }
    }

    /// <summary>The spec <c>create</c> sends: the options given, the server's defaults for the rest.</summary>
    public DeploymentSpec ToSpec(ClientInvocation call)
    {
        var targets = TargetOption.ParseAll(call.Get(Targets) ?? []);
        if (targets.Count == 0)
        {
            throw new CommandException("Give at least one --model, such as --model models:/churn@champion.");
        }

        var batching = call.Get(BatchSize) is { } size
            ? new DeploymentBatching(size, call.Get(BatchLatency) ?? 5)
            : call.Get(BatchLatency) is not null ? throw new CommandException("--batch-latency-ms needs --batch-size.") : null;
        return new DeploymentSpec(targets, call.Get(Shadow), call.Get(StickyHeader), batching, call.Get(LogSampleRate) ?? 1, call.Get(LogWebhook));
    }

    /// <summary>
    /// The spec <c>update</c> sends: <paramref name="current"/>'s, with the fields given replaced and those named by
    /// <c>--clear</c> turned off.
    /// </summary>
    public DeploymentSpec Merge(ClientInvocation call, DeploymentInfo current)
    {
        var clear = new HashSet<string>(call.Get(Clear) ?? [], StringComparer.Ordinal);
        var spec = current.Spec;
        var targets = call.Get(Targets) is { Length: > 0 } given ? TargetOption.ParseAll(given) : spec.Targets;
        return new DeploymentSpec(
            targets,
            Setting(clear, "shadow", call.Get(Shadow), "--shadow", spec.Shadow),
            Setting(clear, "sticky-header", call.Get(StickyHeader), "--sticky-header", spec.StickyHeader),
            MergeBatching(call, clear, spec.Batching, current.Name),
            call.Get(LogSampleRate) ?? spec.LogSampleRate,
            Setting(clear, "log-webhook", call.Get(LogWebhook), "--log-webhook", spec.LogWebhook));
    }

    /// <summary>Whether any option that changes the deployment was given.</summary>
    public bool AnyGiven(ClientInvocation call) =>
        call.Get(Targets) is { Length: > 0 } || call.Get(Clear) is { Length: > 0 }
        || call.Get(Shadow) is not null || call.Get(StickyHeader) is not null || call.Get(BatchSize) is not null || call.Get(BatchLatency) is not null
        || call.Get(LogSampleRate) is not null || call.Get(LogWebhook) is not null || call.Get(Description) is not null;

    private static string? Setting(HashSet<string> clear, string name, string? given, string option, string? current) =>
        !clear.Contains(name) ? given ?? current
        : given is null ? null
        : throw new CommandException($"{option} and --clear {name} contradict each other; give one.");

    private DeploymentBatching? MergeBatching(ClientInvocation call, HashSet<string> clear, DeploymentBatching? current, string deployment)
    {
        var size = call.Get(BatchSize);
        var latency = call.Get(BatchLatency);
        if (clear.Contains("batching"))
        {
            return size is null && latency is null
                ? null
                : throw new CommandException("--batch-size or --batch-latency-ms and --clear batching contradict each other; give one.");
        }

        if (size is { } rows)
        {
            return new DeploymentBatching(rows, latency ?? current?.MaxLatencyMs ?? 5);
        }

        return latency is { } ms
            ? current is null
                ? throw new CommandException($"Deployment '{deployment}' does not batch; give --batch-size with --batch-latency-ms to turn batching on.")
                : current with { MaxLatencyMs = ms }
            : current;
    }
}
