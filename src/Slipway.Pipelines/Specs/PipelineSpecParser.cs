namespace Slipway.Pipelines.Specs;

/// <summary>
/// Reads a pipeline file (<c>slipway.yaml</c>) into a <see cref="PipelineSpec"/>, checking everything that can be
/// checked before a run: keys, types, names, references between steps, templates, conditions, sweeps, triggers and
/// the absence of cycles. A file with problems throws a <see cref="PipelineSpecException"/> listing all of them (up
/// to <see cref="PipelineSpecException.MaxErrors"/>), each with its line, column and field.
/// </summary>
public static class PipelineSpecParser
{
    /// <summary>Parses and validates <paramref name="yaml"/>; <paramref name="fileName"/> names the file in messages.</summary>
    public static PipelineSpec Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return new SpecReader(fileName).Read(yaml);
    }
}
