namespace Slipway.Pipelines.Specs;

/// <summary>What happens when a pipeline is started while one of its runs is still unfinished.</summary>
public enum ConcurrencyPolicy
{
    /// <summary>Start the new run alongside.</summary>
    Allow,

    /// <summary>Do not start it; the launch says why.</summary>
    SkipIfRunning,

    /// <summary>Start it once the earlier runs have finished.</summary>
    Queue,
}
