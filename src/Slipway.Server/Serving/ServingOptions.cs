namespace Slipway.Server.Serving;

/// <summary>Settings of model serving in one server process.</summary>
public sealed class ServingOptions
{
    /// <summary>
    /// Port of the Open Inference Protocol gRPC listener (HTTP/2 without TLS, beside the HTTP port, as Triton and
    /// KServe do); 0 picks a free one; null leaves gRPC off.
    /// </summary>
    public int? GrpcPort { get; set; }

    /// <summary>How often deployments and the aliases they name are read back from the store, so changes made elsewhere are served.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Serving-only mode: serve just this deployment (of <see cref="Workspace"/>) and nothing but the inference, health and metrics endpoints.</summary>
    public string? Deployment { get; set; }

    /// <summary>Serving-only mode without a stored deployment: serve this registry URI (<c>models:/name@alias</c>) under the model's name.</summary>
    public string? Model { get; set; }

    /// <summary>The workspace of <see cref="Deployment"/> or <see cref="Model"/>.</summary>
    public string Workspace { get; set; } = Core.Stores.Workspaces.Default;

    /// <summary>Where fetched model versions are cached; null means <c>models/</c> in the data directory.</summary>
    public string? ModelCacheDirectory { get; set; }

    /// <summary>Where the inference log is written; null means <c>inference-log/</c> in the data directory.</summary>
    public string? InferenceLogDirectory { get; set; }

    /// <summary>Records the inference log holds in memory before it drops (and counts) new ones.</summary>
    public int InferenceLogBuffer { get; set; } = 100_000;

    /// <summary>Whether inference is logged at all; each deployment's sample rate applies on top.</summary>
    public bool InferenceLog { get; set; } = true;

    /// <summary>Whether this process serves only models (see <see cref="Deployment"/> and <see cref="Model"/>).</summary>
    public bool ServingOnly => Deployment is not null || Model is not null;
}
