using Slipway.Core.Errors;
using Slipway.Core.Registry;

namespace Slipway.Client.Models;

/// <summary>
/// A downloaded model file does not have the SHA-256 its version's <see cref="ModelVersionTags.Sha256"/> tag
/// records: the stored artifact was changed or corrupted (or the tag is wrong). The download has been deleted.
/// </summary>
public sealed class ModelVerificationException : SlipwayException
{
    public ModelVerificationException(string modelName, long version, string file, string expectedSha256, string actualSha256)
        : base(
            ErrorCode.InvalidState,
            $"Model '{modelName}' version {version} failed verification: its tag {ModelVersionTags.Sha256} expects '{file}' to have "
            + $"SHA-256 {expectedSha256}, but the downloaded file has SHA-256 {actualSha256}. The download was deleted; "
            + "the registered artifact or the tag has changed since the version was registered.")
    {
        ModelName = modelName;
        Version = version;
        File = file;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    public string ModelName { get; }

    public long Version { get; }

    /// <summary>The model file's path within the version's artifact directory, as the descriptor names it.</summary>
    public string File { get; }

    public string ExpectedSha256 { get; }

    public string ActualSha256 { get; }
}
