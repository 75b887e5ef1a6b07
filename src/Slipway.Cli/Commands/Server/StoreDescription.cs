namespace Slipway.Cli.Commands.Server;

/// <summary>How the store appears in the banner and in errors: never with its password.</summary>
internal static class StoreDescription
{
    private const string Mask = "***";

    public static string Describe(string? storeUri) =>
        string.IsNullOrWhiteSpace(storeUri) ? "SQLite in the data directory" : MaskPassword(storeUri, storeUri);

    /// <summary>Replaces the password of <paramref name="storeUri"/> (if it has one) wherever it appears in <paramref name="text"/>.</summary>
    public static string MaskPassword(string text, string? storeUri)
    {
        var password = Password(storeUri);
        return password is null
            ? text
            : text.Replace(password, Mask, StringComparison.Ordinal).Replace(Uri.UnescapeDataString(password), Mask, StringComparison.Ordinal);
    }

    private static string? Password(string? storeUri)
    {
        if (!Uri.TryCreate(storeUri, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var password = colon < 0 ? string.Empty : uri.UserInfo[(colon + 1)..];
        return password.Length == 0 ? null : password;
    }
}
