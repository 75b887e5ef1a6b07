namespace Slipway.Storage.Sql.Tracking;

/// <summary>Where artifacts of experiments and runs go when the caller does not say.</summary>
internal static class ArtifactLocations
{
    /// <summary><c>{root}/{experimentId}</c>, such as <c>mlflow-artifacts:/5</c>.</summary>
    public static string ForExperiment(string defaultArtifactRoot, string experimentId) =>
        $"{defaultArtifactRoot.TrimEnd('/')}/{experimentId}";

    // A run's artifacts go to {experiment location}/{runId}/artifacts, computed where the run is inserted
    // (RunRepository.CreateAsync) from the experiment row.
}
