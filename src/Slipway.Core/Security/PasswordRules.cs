using Slipway.Core.Errors;

namespace Slipway.Core.Security;

/// <summary>What a password must be: 8 to 1024 characters (length, not composition rules, is what resists guessing).</summary>
public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 1024;

    public static void Validate(string? password, string field = "password")
    {
        if (string.IsNullOrEmpty(password))
        {
            throw SlipwayException.Invalid($"Missing value for parameter '{field}'.");
        }

        if (password.Length is < MinLength or > MaxLength)
        {
            throw SlipwayException.Invalid($"Invalid value for parameter '{field}': a password has {MinLength} to {MaxLength} characters.");
        }
    }
}
