using Slipway.Client.Logging;
using Slipway.Core.Errors;
using Slipway.Core.Tracking;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>The experiment MLflow creates in every store, used when no experiment is named.</summary>
    public const string DefaultExperimentId = "0";

    /// <summary>
    /// Creates a run to log to from training code. The experiment is <paramref name="experimentId"/>, else the one
    /// named <paramref name="experimentName"/> (created if missing), else the default experiment. The run is tagged
    /// with the user and the program that started it, unless <paramref name="tags"/> says otherwise.
    /// A client from <see cref="FromEnvironment"/> with MLFLOW_RUN_ID set (a pipeline step) continues that run instead,
    /// wherever the code says to log, as MLflow's <c>start_run()</c> does; <paramref name="tags"/> are set on it.
    /// </summary>
    /// <example>
    /// <code>
    /// await using var run = await client.StartRunAsync(experimentName: "fraud", runName: "baseline");
    /// run.LogParam("learning_rate", 0.01);
    /// run.LogMetric("loss", loss, step: epoch);
    /// </code>
    /// </example>
    public async Task<ActiveRun> StartRunAsync(
        string? experimentName = null,
        string? runName = null,
        IReadOnlyDictionary<string, string>? tags = null,
        string? experimentId = null,
        ActiveRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ActiveRunOptions();
        options.Validate();
        if (EnvironmentRunId is { } continued)
        {
            var existing = await GetRunAsync(continued, cancellationToken);
            var active = new ActiveRun(this, existing.Info, options);
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
            {
                active.SetTag(key, value);
            }

            return active;
        }

        var resolvedExperimentId = experimentId
            ?? (experimentName is null ? DefaultExperimentId : await GetOrCreateExperimentIdAsync(experimentName, cancellationToken));

        var runTags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        runTags.TryAdd(SystemTags.User, Environment.UserName);
        runTags.TryAdd("mlflow.source.name", Environment.ProcessPath ?? AppDomain.CurrentDomain.FriendlyName);
        runTags.TryAdd("mlflow.source.type", "LOCAL");

        var run = await CreateRunAsync(
            resolvedExperimentId,
            runName,
            runTags.Select(t => new Tag(t.Key, t.Value)),
            options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            Environment.UserName,
            cancellationToken);
        return new ActiveRun(this, run.Info, options);
    }

    /// <summary>The id of the active experiment with that name, creating the experiment if there is none.</summary>
    /// <exception cref="SlipwayException">INVALID_STATE when the experiment exists but is deleted.</exception>
    public async Task<string> GetOrCreateExperimentIdAsync(string experimentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentName);
        var experiment = await GetExperimentByNameAsync(experimentName, cancellationToken);
        if (experiment is null)
        {
            try
            {
                return await CreateExperimentAsync(experimentName, cancellationToken: cancellationToken);
            }
            catch (SlipwayApiException ex) when (ex.Code == ErrorCode.ResourceAlreadyExists)
            {
                // Another process created it between our lookup and create.
                experiment = await GetExperimentByNameAsync(experimentName, cancellationToken);
                if (experiment is null)
                {
                    throw;
                }
            }
        }

        if (experiment.LifecycleStage == LifecycleStage.Deleted)
        {
            throw new SlipwayException(
                ErrorCode.InvalidState,
                $"Experiment '{experimentName}' (id {experiment.ExperimentId}) is deleted; restore it or choose another name.");
        }

        return experiment.ExperimentId;
    }
}
