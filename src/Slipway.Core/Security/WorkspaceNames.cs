using System.Buffers;
using Slipway.Core.Errors;

namespace Slipway.Core.Security;

/// <summary>What a workspace id may be: 1 to 63 lower-case letters, digits, <c>-</c> and <c>_</c>, starting with a letter or digit.</summary>
public static class WorkspaceNames
{
    public const int MaxLength = 63;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_");

    public static bool IsValid(string? workspaceId) =>
        !string.IsNullOrEmpty(workspaceId)
        && workspaceId.Length <= MaxLength
        && char.IsAsciiLetterOrDigit(workspaceId[0])
        && !workspaceId.AsSpan().ContainsAnyExcept(Allowed);

    public static void Validate(string? workspaceId, string field = "workspace")
    {
        if (string.IsNullOrEmpty(workspaceId))
        {
            throw SlipwayException.Invalid($"Missing value for parameter '{field}'.");
        }

        if (!IsValid(workspaceId))
        {
            throw SlipwayException.Invalid(
                $"Invalid value for parameter '{field}': a workspace id has 1 to {MaxLength} lower-case letters, digits, '-' and '_', and starts with a letter or digit.");
        }
    }
}
