namespace Slipway.Pipelines.Specs;

/// <summary>
/// A parsed and validated pipeline file (<c>slipway.yaml</c>). Templates (<c>${{ params.lr }}</c>) are kept as written;
/// <see cref="PipelineResolver"/> substitutes them once the launch's parameter values are known.
/// </summary>
public sealed record PipelineSpec(
    string Name,
    string? Description,
    string? Experiment,
    IReadOnlyList<ParamSpec> Params,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<StepSpec> Steps,
    IReadOnlyList<TriggerSpec> Triggers,
    ConcurrencyPolicy Concurrency,
    TimeSpan Cooldown)
{
    /// <summary>The experiment the pipeline's runs are tracked in: <see cref="Experiment"/>, else the pipeline's name.</summary>
    public string ExperimentName => Experiment ?? Name;

    public StepSpec? FindStep(string name) => Steps.FirstOrDefault(s => s.Name == name);
}
