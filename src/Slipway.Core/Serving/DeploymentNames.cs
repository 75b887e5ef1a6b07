using System.Buffers;
using Slipway.Core.Errors;

namespace Slipway.Core.Serving;

/// <summary>
/// The rule for deployment names. A name becomes part of the endpoint's URL and of metric labels, hence lowercase
/// only and short enough for a DNS label.
/// </summary>
public static class DeploymentNames
{
    public const int MaxLength = 63;

    private static readonly SearchValues<char> Characters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>1 to 63 lowercase letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE for any other name.</exception>
    public static void Validate(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !IsLowercaseLetterOrDigit(name[0]) || name.AsSpan().ContainsAnyExcept(Characters))
        {
            throw SlipwayException.Invalid(
                $"Invalid deployment name '{name}': a deployment name is 1 to {MaxLength} lowercase letters, digits, '.', '_' and '-', starting with a letter or digit.");
        }
    }

    private static bool IsLowercaseLetterOrDigit(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
