using System.Text.Json;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Data.Datasets;

namespace Slipway.Data.Lineage;

/// <summary>
/// Links a run to the Slipway dataset versions its MLflow <c>log-inputs</c> call names. A dataset input names one
/// when its source is a <c>data:</c> reference, or a JSON object whose <c>uri</c>, <c>url</c> or <c>path</c> is one
/// (MLflow's dataset sources); a tag is pinned to the version it names when logged, since tags move.
/// </summary>
public sealed class RunInputLinker(IDatasetStore datasets, DatasetService service)
{
    private static readonly string[] SourceFields = ["uri", "url", "path"];

    /// <summary>The versions the inputs name, each once; a reference to a missing dataset or version is an error.</summary>
    public async Task<IReadOnlyList<DatasetVersionId>> ResolveAsync(string workspaceId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var versions = new List<DatasetVersionId>();
        foreach (var input in inputs)
        {
            if (ReferenceOf(input.Dataset) is not { } reference)
            {
                continue;
            }

            long version;
            try
            {
                version = await service.ResolveAsync(workspaceId, reference, cancellationToken);
            }
            catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
            {
                throw SlipwayException.Invalid($"Dataset input '{input.Dataset.Name}' names {reference}, which does not exist: {ex.Message}");
            }

            var id = new DatasetVersionId(reference.Name, version);
            if (!versions.Contains(id))
            {
                versions.Add(id);
            }
        }

        return versions;
    }

    public Task LinkAsync(string workspaceId, string runId, IReadOnlyList<DatasetVersionId> versions, CancellationToken cancellationToken = default) =>
        versions.Count == 0 ? Task.CompletedTask : datasets.LinkRunInputsAsync(workspaceId, runId, versions, cancellationToken);

    /// <summary>The Slipway dataset a logged input's source names, or null when it names something else.</summary>
    public static DatasetReference? ReferenceOf(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var source = dataset.Source?.Trim();
        if (string.IsNullOrEmpty(source))
        {
            return null;
        }

        if (source.StartsWith(DatasetReference.Scheme, StringComparison.Ordinal))
        {
            return DatasetReference.Parse(source);
        }

        if (!source.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(source);
            foreach (var field in SourceFields)
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty(field, out var value)
                    && value.ValueKind == JsonValueKind.String
                    && value.GetString() is { } text
                    && text.StartsWith(DatasetReference.Scheme, StringComparison.Ordinal))
                {
                    return DatasetReference.Parse(text);
                }
            }
        }
        catch (JsonException)
        {
            // A source that is not JSON names nothing of ours.
        }

        return null;
    }
}
