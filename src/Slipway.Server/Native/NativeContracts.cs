using Slipway.Server.Data;
using Slipway.Server.Mlflow.Contracts;

namespace Slipway.Server.Native;

// Response messages of the native API (/api/v1). Entities reuse the MLflow shapes so a client reads one
// vocabulary; these wrappers are specific to Slipway.

public sealed class ServerInfoResponse
{
    public required string Name { get; set; }

    public required string Version { get; set; }

    public required string Store { get; set; }

    public int SchemaVersion { get; set; }

    public required string ArtifactRoot { get; set; }

    public required string Workspace { get; set; }

    public required string MlflowApi { get; set; }
}

public sealed class HealthResponse
{
    public required string Status { get; set; }

    public Dictionary<string, string>? Checks { get; set; }
}

public sealed class RunLineageResponse
{
    public required RunInfoDto Run { get; set; }

    public required List<DatasetInputDto> Datasets { get; set; }

    /// <summary>The Slipway dataset versions among the inputs, pinned when they were logged.</summary>
    public required List<DatasetVersionRefDto> DatasetVersions { get; set; }

    public required List<ModelVersionDto> ModelVersions { get; set; }
}

public sealed class ModelVersionLineageResponse
{
    public required ModelVersionDto ModelVersion { get; set; }

    public RunInfoDto? Run { get; set; }

    public required List<DatasetInputDto> Datasets { get; set; }

    /// <summary>The Slipway dataset versions the source run used, pinned when they were logged.</summary>
    public required List<DatasetVersionRefDto> DatasetVersions { get; set; }
}

public sealed class ResolveModelResponse
{
    public required string Uri { get; set; }

    public required ModelVersionDto ModelVersion { get; set; }

    public required string DownloadUri { get; set; }
}
