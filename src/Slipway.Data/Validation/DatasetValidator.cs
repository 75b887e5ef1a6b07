using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;
using Slipway.Core.Stores;
using Slipway.Data.Datasets;

namespace Slipway.Data.Validation;

/// <summary>Runs a validation suite against a stored dataset version: its profile, and local copies of its tables.</summary>
public sealed class DatasetValidator(DatasetService datasets, IDatasetStore store, IBlobStore blobs)
{
    /// <summary>Parses the suite first, so a malformed one is refused before any data is read.</summary>
    public async Task<ValidationReport> ValidateAsync(string workspaceId, DatasetReference reference, string suiteText, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var suite = ValidationSuite.Parse(suiteText, sourceName);
        var version = await datasets.GetAsync(workspaceId, reference, cancellationToken);
        var profile = VersionMetadata.ProfileOf(version);
        var tables = profile.Tables.Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
        var manifest = await store.GetDatasetManifestAsync(workspaceId, version.Dataset, version.Version, cancellationToken);
        using var copies = await LocalCopies.CreateAsync(blobs, workspaceId, manifest.Where(f => tables.Contains(f.Path)), cancellationToken);
        var target = new ValidationTarget(
            profile,
            copies.Paths,
            async (other, ct) => VersionMetadata.ProfileOf(await store.GetDatasetVersionAsync(workspaceId, version.Dataset, other, ct)));
        return await SuiteRunner.RunAsync(suite, target, cancellationToken);
    }
}
