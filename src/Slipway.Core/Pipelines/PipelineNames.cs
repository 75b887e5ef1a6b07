using System.Buffers;
using Slipway.Core.Errors;

namespace Slipway.Core.Pipelines;

/// <summary>The rule for pipeline names, which name a pipeline in URLs, in the CLI and in its runs.</summary>
public static class PipelineNames
{
    public const int MaxLength = 100;

    private static readonly SearchValues<char> Characters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE for any other name.</exception>
    public static void Validate(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterOrDigit(name[0]) || name.AsSpan().ContainsAnyExcept(Characters))
        {
            throw SlipwayException.Invalid(
                $"Invalid pipeline name '{name}': a pipeline name is 1 to {MaxLength} letters, digits, '.', '_' and '-', starting with a letter or digit.");
        }
    }
}
