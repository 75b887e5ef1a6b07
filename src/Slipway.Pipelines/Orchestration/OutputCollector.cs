using Slipway.Core.Errors;
using Slipway.Data.Artifacts;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Stores a finished step's declared outputs as artifacts of its run: a directory under <c>outputs/&lt;name&gt;</c>, a
/// file as <c>outputs/&lt;name&gt;/&lt;file name&gt;</c>. The map it returns names each output's artifact path and,
/// under <c>&lt;name&gt;.sha256</c>, its digest, which later steps' cache keys are made of.
/// </summary>
public sealed class OutputCollector(ArtifactTransfer transfer)
{
    public const string DigestSuffix = ".sha256";

    /// <exception cref="SlipwayException">When a declared output was not written.</exception>
    public async Task<IReadOnlyDictionary<string, string>> CollectAsync(StepSpec step, StepPaths paths, string artifactRoot, CancellationToken cancellationToken)
    {
        var missing = step.Outputs.Where(o => !Exists(paths.OutputPath(o.Path))).Select(o => $"'{o.Name}' ({o.Path})").ToList();
        if (missing.Count > 0)
        {
            throw SlipwayException.Invalid($"the step did not write its declared output{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)}.");
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var output in step.Outputs)
        {
            var local = paths.OutputPath(output.Path);
            var relative = "outputs/" + output.Name;
            var digest = await transfer.UploadAsync(local, artifactRoot + "/" + relative, cancellationToken);
            outputs[output.Name] = File.Exists(local) ? relative + "/" + Path.GetFileName(local) : relative;
            outputs[output.Name + DigestSuffix] = digest;
        }

        return outputs;
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
