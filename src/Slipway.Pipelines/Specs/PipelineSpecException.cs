using Slipway.Core.Errors;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// A pipeline file that does not parse or does not validate. <see cref="Errors"/> lists every problem found (at most
/// <see cref="MaxErrors"/>); the message has one line per error, each naming the file, line, column and field.
/// </summary>
public sealed class PipelineSpecException : SlipwayException
{
    /// <summary>How many errors are reported at most; a file with more is usually not a pipeline file at all.</summary>
    public const int MaxErrors = 20;

    public PipelineSpecException(string fileName, IReadOnlyList<SpecError> errors, int omitted = 0)
        : base(ErrorCode.InvalidParameterValue, Describe(fileName, errors, omitted))
    {
        FileName = fileName;
        Errors = errors;
        Omitted = omitted;
    }

    public string FileName { get; }

    public IReadOnlyList<SpecError> Errors { get; }

    /// <summary>Errors found beyond <see cref="MaxErrors"/>, counted but not listed.</summary>
    public int Omitted { get; }

    private static string Describe(string fileName, IReadOnlyList<SpecError> errors, int omitted)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var lines = errors.Select(e => e.Format(fileName)).ToList();
        if (omitted > 0)
        {
            lines.Add($"{fileName}: {omitted} more error{(omitted == 1 ? "" : "s")} not shown");
        }

        return string.Join('\n', lines);
    }
}
