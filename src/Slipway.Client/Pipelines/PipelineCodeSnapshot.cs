using Slipway.Client.Datasets;

namespace Slipway.Client.Pipelines;

/// <summary>
/// The code a pipeline run uses: the pipeline file's directory pushed as a version of the dataset
/// <c>code.&lt;pipeline&gt;</c>, named by <see cref="Reference"/> (such as <c>data:code.churn@3</c>).
/// <see cref="DatasetPushResult.Created"/> is false when the files were those of the latest version.
/// </summary>
public sealed record PipelineCodeSnapshot(string Reference, DatasetPushResult Push)
{
    /// <summary>The largest snapshot pushed: data belongs in datasets, read through a step's inputs.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>The dataset a pipeline's code snapshots are versions of.</summary>
    public static string DatasetName(string pipeline) => "code." + pipeline;
}
