namespace Slipway.Pipelines.Orchestration;

/// <summary>Finds what earlier steps of the same pipeline run produced (for a sweep, its best variant).</summary>
public interface IStepRunLookup
{
    /// <summary>The tracking run whose metrics stand for the step (for a cache hit, the run that did the work).</summary>
    /// <exception cref="Core.Errors.SlipwayException">When the step has not finished successfully.</exception>
    string RunIdOf(string stepName);

    /// <summary>The run that holds the output and the output's path among that run's artifacts.</summary>
    (string RunId, string ArtifactPath) OutputOf(string stepName, string output);
}
