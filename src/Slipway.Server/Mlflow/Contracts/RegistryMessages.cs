using System.Text.Json.Serialization;

namespace Slipway.Server.Mlflow.Contracts;

// Requests and responses of MLflow's ModelRegistryService (model_registry.proto). See Entities.cs.

public sealed class CreateRegisteredModelRequest
{
    public string? Name { get; set; }

    public List<TagDto>? Tags { get; set; }

    public string? Description { get; set; }
}

public sealed class RegisteredModelNameRequest
{
    public string? Name { get; set; }
}

public sealed class RenameRegisteredModelRequest
{
    public string? Name { get; set; }

    public string? NewName { get; set; }
}

public sealed class UpdateRegisteredModelRequest
{
    public string? Name { get; set; }

    public string? Description { get; set; }
}

public sealed class RegisteredModelResponse
{
    public required RegisteredModelDto RegisteredModel { get; set; }
}

public sealed class SearchRegistryRequest
{
    public string? Filter { get; set; }

    public long? MaxResults { get; set; }

    public List<string>? OrderBy { get; set; }

    public string? PageToken { get; set; }
}

public sealed class SearchRegisteredModelsResponse
{
    public List<RegisteredModelDto>? RegisteredModels { get; set; }

    public string? NextPageToken { get; set; }
}

public sealed class GetLatestVersionsRequest
{
    public string? Name { get; set; }

    public List<string>? Stages { get; set; }
}

public sealed class ModelVersionsResponse
{
    public List<ModelVersionDto>? ModelVersions { get; set; }

    public string? NextPageToken { get; set; }
}

public sealed class RegistryTagRequest
{
    public string? Name { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Version { get; set; }

    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; set; }
}

public sealed class CreateModelVersionRequest
{
    public string? Name { get; set; }

    public string? Source { get; set; }

    public string? RunId { get; set; }

    public List<TagDto>? Tags { get; set; }

    public string? RunLink { get; set; }

    public string? Description { get; set; }
}

public sealed class ModelVersionRequest
{
    public string? Name { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Version { get; set; }

    public string? Description { get; set; }
}

public sealed class ModelVersionResponse
{
    public required ModelVersionDto ModelVersion { get; set; }
}

public sealed class TransitionStageRequest
{
    public string? Name { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Version { get; set; }

    public string? Stage { get; set; }

    public bool? ArchiveExistingVersions { get; set; }
}

public sealed class AliasRequest
{
    public string? Name { get; set; }

    public string? Alias { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Version { get; set; }
}

public sealed class DownloadUriResponse
{
    public required string ArtifactUri { get; set; }
}
