namespace Slipway.Client;

/// <summary>
/// Reads the tracking server location, credentials and workspace from environment variables, with the same names
/// MLflow uses (and <c>SLIPWAY_TRACKING_URI</c> taking precedence).
/// </summary>
public static class TrackingEnvironment
{
    public const string SlipwayTrackingUri = "SLIPWAY_TRACKING_URI";
    public const string MlflowTrackingUri = "MLFLOW_TRACKING_URI";
    public const string MlflowTrackingToken = "MLFLOW_TRACKING_TOKEN";
    public const string MlflowTrackingUserName = "MLFLOW_TRACKING_USERNAME";
    public const string MlflowTrackingPassword = "MLFLOW_TRACKING_PASSWORD";
    public const string SlipwayWorkspace = "SLIPWAY_WORKSPACE";

    /// <summary>The run to continue: set by a pipeline for each step (and by <c>mlflow run</c>), as MLflow reads it.</summary>
    public const string MlflowRunId = "MLFLOW_RUN_ID";
    public const string DefaultTrackingUri = "http://127.0.0.1:5000";

    /// <summary>SLIPWAY_TRACKING_URI, then MLFLOW_TRACKING_URI, then <see cref="DefaultTrackingUri"/>.</summary>
    public static string ResolveTrackingUri(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        return NonEmpty(getVariable(SlipwayTrackingUri)) ?? NonEmpty(getVariable(MlflowTrackingUri)) ?? DefaultTrackingUri;
    }

    /// <summary>MLFLOW_TRACKING_TOKEN (Bearer) wins over MLFLOW_TRACKING_USERNAME/PASSWORD (Basic); null when neither is set.</summary>
    public static SlipwayCredentials? ResolveCredentials(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        if (NonEmpty(getVariable(MlflowTrackingToken)) is { } token)
        {
            return SlipwayCredentials.Bearer(token);
        }

        if (NonEmpty(getVariable(MlflowTrackingUserName)) is { } user)
        {
            return SlipwayCredentials.Basic(user, getVariable(MlflowTrackingPassword) ?? string.Empty);
        }

        return null;
    }

    /// <summary>
    /// SLIPWAY_WORKSPACE, or null when it is not set: the server then chooses (the workspace an API token is bound
    /// to, else <c>default</c>).
    /// </summary>
    public static string? ResolveWorkspace(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        return NonEmpty(getVariable(SlipwayWorkspace));
    }

    /// <summary>
    /// Parses a tracking URI; only absolute http and https URIs are accepted, because the client speaks HTTP.
    /// </summary>
    public static bool TryParseTrackingUri(string? text, out Uri uri, out string error)
    {
        uri = null!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            error = $"Invalid tracking URI '{text}': expected an http:// or https:// address such as {DefaultTrackingUri}.";
            return false;
        }

        uri = parsed;
        error = string.Empty;
        return true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
