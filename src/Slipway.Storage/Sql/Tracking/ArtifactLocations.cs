namespace Slipway.Storage.Sql.Tracking;

/// <summary>Where artifacts of experiments and runs go when the caller does not say.</summary>
internal static class ArtifactLocations
{
    /// <summary><c>{root}/{experimentId}</c>, such as <c>mlflow-artifacts:/5</c>.</summary>
    public static string ForExperiment(string defaultArtifactRoot, string experimentId) =>
        $"{defaultArtifactRoot.TrimEnd('/')}/{experimentId}";

    /// <summary><c>{experiment location}/{runId}/artifacts</c>.</summary>
    public static string ForRun(string experimentArtifactLocation, string runId) =>
        $"{experimentArtifactLocation.TrimEnd('/')}/{runId}/artifacts";
}
