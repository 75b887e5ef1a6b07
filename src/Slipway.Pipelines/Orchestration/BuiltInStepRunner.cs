using System.Globalization;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Core.Uris;
using Slipway.Data.Datasets;
using Slipway.Data.Lineage;
using Slipway.Data.Validation;
using Slipway.Serving.Deployments;
using Slipway.Serving.Packaging;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// The platform's own operations as steps (<c>uses:</c>): validate a dataset version with a suite, register a model
/// from a step's output, promote a version (alias or stage), compare a candidate with the model behind an alias, and
/// score a dataset version with a model into a new version of another dataset (<see cref="BatchScoreStep"/>).
/// They run inside the server, in the step's tracking run, and need no resource slot.
/// </summary>
public sealed class BuiltInStepRunner(
    DatasetService datasets,
    DatasetValidator validator,
    RunInputLinker linker,
    ModelRegistryService registry,
    TrackingService tracking,
    TimeProvider clock,
    IBuiltInStepAuthorizer? authorizer = null,
    ModelPackageCheck? packages = null,
    ModelUriResolver? modelUris = null,
    IModelSource? modelSource = null,
    IBlobStore? blobs = null)
{
    public const string ValidateDataset = "validate-dataset";
    public const string RegisterModel = "register-model";
    public const string PromoteModel = "promote-model";
    public const string CompareModel = "compare-model";
    public const string BatchScore = "batch-score";
    private const string DefaultAlias = "champion";

    public Task<BuiltInResult> RunAsync(string uses, BuiltInContext context, CancellationToken cancellationToken) => uses switch
    {
        ValidateDataset => ValidateAsync(context, cancellationToken),
        RegisterModel => RegisterAsync(context, cancellationToken),
        PromoteModel => PromoteAsync(context, cancellationToken),
        CompareModel => CompareAsync(context, cancellationToken),
        BatchScore => new BatchScoreStep(datasets, linker, tracking, clock, authorizer, modelUris, modelSource, blobs).RunAsync(context, cancellationToken),
        _ => throw SlipwayException.Invalid($"Unknown built-in step '{uses}'."),
    };

    private async Task<BuiltInResult> ValidateAsync(BuiltInContext context, CancellationToken cancellationToken)
    {
        var reference = DatasetReference.Parse(Required(context, "dataset"));
        var suitePath = Required(context, "suite");
        var suiteFile = Path.GetFullPath(Path.Combine(context.StepDirectory, suitePath));
        if (!suiteFile.StartsWith(context.StepDirectory, StringComparison.Ordinal) || !File.Exists(suiteFile))
        {
            throw SlipwayException.Invalid($"suite '{suitePath}' is not a file of the pipeline's directory.");
        }

        var report = await validator.ValidateAsync(context.WorkspaceId, reference, await File.ReadAllTextAsync(suiteFile, cancellationToken), suitePath, cancellationToken);
        var pinned = new DatasetVersionId(reference.Name, await datasets.ResolveAsync(context.WorkspaceId, reference, cancellationToken));
        await linker.LinkAsync(context.WorkspaceId, context.RunId, [pinned], cancellationToken);
        var now = Now;
        var metrics = new List<Metric>
        {
            new("expectations_passed", report.PassedCount, now, 0),
            new("expectations_failed", report.ErrorCount, now, 0),
            new("expectations_warned", report.WarningCount, now, 0),
        };
        var failures = report.Results.Where(r => !r.Passed && r.Severity == ExpectationSeverity.Error)
            .Select(r => $"{r.Kind}{(r.Column is null ? string.Empty : " " + r.Column)} (line {r.Line}): expected {r.Expected}, observed {r.Observed ?? "nothing"}")
            .Take(5)
            .ToList();
        return report.Passed
            ? new BuiltInResult(true, $"{pinned} passed {report.PassedCount} of {report.Results.Count} expectations of {suitePath}" + (report.WarningCount > 0 ? $" ({report.WarningCount} warnings)" : string.Empty) + ".", metrics)
            : new BuiltInResult(false, $"{pinned} failed {report.ErrorCount} expectations of {suitePath}: {string.Join("; ", failures)}", metrics);
    }

    private async Task<BuiltInResult> RegisterAsync(BuiltInContext context, CancellationToken cancellationToken)
    {
        var model = Required(context, "model");
        var from = Required(context, "from");
        var (runId, source) = SourceOf(context, from);
        await RequireAsync(context, model, AccessLevel.Edit, "register a version", cancellationToken);
        // Checked before the registered model is created, so a step that fails here leaves the registry as it was.
        IReadOnlyList<Tag> packageTags = packages is null ? [] : await packages.InspectAsync(context.WorkspaceId, model, source, cancellationToken);
        try
        {
            await registry.GetRegisteredModelAsync(context.WorkspaceId, model, cancellationToken);
        }
        catch (SlipwayException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            await registry.CreateRegisteredModelAsync(context.WorkspaceId, model, null, context.Creator, [], cancellationToken);
        }

        var version = await registry.CreateModelVersionAsync(
            context.WorkspaceId,
            new NewModelVersion(model, source, runId, null, Optional(context, "description"), context.Creator, [new Tag(PipelineTags.PipelineRun, context.RunId), .. packageTags]),
            cancellationToken);
        var number = version.Version.ToString(CultureInfo.InvariantCulture);
        var promoted = await PromoteVersionAsync(context, model, number, cancellationToken);
        await tracking.SetTagAsync(context.WorkspaceId, context.RunId, new Tag("slipway.model", $"{model}/{number}"), cancellationToken);
        return new BuiltInResult(true, $"registered {model} version {number} from {source}{promoted}.", [new("model_version", version.Version, Now, 0)]);
    }

    private async Task<BuiltInResult> PromoteAsync(BuiltInContext context, CancellationToken cancellationToken)
    {
        var model = Required(context, "model");
        var version = Required(context, "version");
        var promoted = await PromoteVersionAsync(context, model, version, cancellationToken);
        return new BuiltInResult(true, $"{model} version {version}{promoted}.", []);
    }

    private async Task<string> PromoteVersionAsync(BuiltInContext context, string model, string version, CancellationToken cancellationToken)
    {
        if (Optional(context, "alias") is not null || Optional(context, "stage") is not null)
        {
            await RequireAsync(context, model, AccessLevel.Manage, "move an alias or a stage", cancellationToken);
        }

        if (Optional(context, "alias") is { } alias)
        {
            await registry.SetAliasAsync(context.WorkspaceId, model, alias, version, cancellationToken);
            return $", now behind alias '{alias}'";
        }

        if (Optional(context, "stage") is { } stage)
        {
            var archive = Optional(context, "archive_existing") is { } text && bool.Parse(text);
            var moved = await registry.TransitionStageAsync(context.WorkspaceId, model, version, stage, archive, cancellationToken);
            return $", now in stage {moved.CurrentStage}";
        }

        return string.Empty;
    }

    private async Task<BuiltInResult> CompareAsync(BuiltInContext context, CancellationToken cancellationToken)
    {
        var candidateStep = Required(context, "candidate");
        var model = Required(context, "model");
        var metric = Required(context, "metric");
        var maximize = !string.Equals(Optional(context, "goal"), "minimize", StringComparison.Ordinal);
        var minDelta = Optional(context, "min_delta") is { } d ? double.Parse(d, CultureInfo.InvariantCulture) : 0;
        var step = candidateStep.StartsWith("steps.", StringComparison.Ordinal) ? candidateStep["steps.".Length..] : candidateStep;
        var candidateRun = await tracking.GetRunAsync(context.WorkspaceId, context.Steps.RunIdOf(step), cancellationToken);
        var candidate = MetricOf(candidateRun, metric)
            ?? throw SlipwayException.Invalid($"candidate step '{step}' logged no metric '{metric}'.");
        var now = Now;
        var metrics = new List<Metric> { new("candidate", candidate, now, 0) };

        var (label, baselineVersion) = await BaselineAsync(context, model, cancellationToken);
        if (baselineVersion is null)
        {
            metrics.Add(new("better", 1, now, 0));
            return new BuiltInResult(true, $"no {model} version is {label}: the candidate ({metric} {Format(candidate)}) wins by default.", metrics);
        }

        double? baseline = baselineVersion.RunId is { } baselineRunId
            ? MetricOf(await tracking.GetRunAsync(context.WorkspaceId, baselineRunId, cancellationToken), metric)
            : null;
        if (baseline is null)
        {
            metrics.Add(new("better", 1, now, 0));
            return new BuiltInResult(true, $"{model} version {baselineVersion.Version} ({label}) has no run metric '{metric}': the candidate wins by default.", metrics);
        }

        var delta = maximize ? candidate - baseline.Value : baseline.Value - candidate;
        var better = delta > minDelta;
        metrics.Add(new("baseline", baseline.Value, now, 0));
        metrics.Add(new("delta", delta, now, 0));
        metrics.Add(new("better", better ? 1 : 0, now, 0));
        var verdict = better ? "beats" : "does not beat";
        return new BuiltInResult(
            true,
            $"candidate {metric} {Format(candidate)} {verdict} {model} version {baselineVersion.Version} ({label}) at {Format(baseline.Value)}" + (minDelta > 0 ? $" by more than {Format(minDelta)}" : string.Empty) + ".",
            metrics);
    }

    private async Task<(string Label, ModelVersion? Version)> BaselineAsync(BuiltInContext context, string model, CancellationToken cancellationToken)
    {
        try
        {
            if (Optional(context, "stage") is { } stage)
            {
                var latest = await registry.GetLatestVersionsAsync(context.WorkspaceId, model, [stage], cancellationToken);
                return ($"in stage {stage}", latest.Count > 0 ? latest[0] : null);
            }

            var alias = Optional(context, "alias") ?? DefaultAlias;
            return ($"behind alias '{alias}'", await registry.GetModelVersionByAliasAsync(context.WorkspaceId, model, alias, cancellationToken));
        }
        catch (SlipwayException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            return (Optional(context, "stage") is { } stage ? $"in stage {stage}" : $"behind alias '{Optional(context, "alias") ?? DefaultAlias}'", null);
        }
    }

    private Task RequireAsync(BuiltInContext context, string model, AccessLevel needed, string action, CancellationToken cancellationToken) =>
        authorizer?.RequireAsync(context.WorkspaceId, context.Creator, model, needed, $"{action} of model '{model}'", cancellationToken) ?? Task.CompletedTask;

    private static (string? RunId, string Source) SourceOf(BuiltInContext context, string from)
    {
        if (from.StartsWith("runs:", StringComparison.Ordinal))
        {
            var uri = RunArtifactUri.Parse(from);
            return (uri.RunId, uri.ToString());
        }

        if (from.Split('.') is ["steps", var step, "outputs", var output])
        {
            var (runId, path) = context.Steps.OutputOf(step, output);
            return (runId, new RunArtifactUri(runId, path).ToString());
        }

        throw SlipwayException.Invalid($"from '{from}': expected steps.<step>.outputs.<output> or runs:/<run id>/<path>.");
    }

    private static double? MetricOf(Run run, string metric) =>
        run.Metrics.Where(m => m.Key == metric).Select(m => (double?)m.Value).FirstOrDefault();

    private static string Required(BuiltInContext context, string key) =>
        Optional(context, key) ?? throw SlipwayException.Invalid($"with.{key} is required.");

    private static string? Optional(BuiltInContext context, string key) =>
        context.With.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
