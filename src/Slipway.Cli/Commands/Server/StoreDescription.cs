namespace Slipway.Cli.Commands.Server;

/// <summary>The store line of the server banner, with any password in the URI masked.</summary>
internal static class StoreDescription
{
    public static string Describe(string? storeUri)
    {
        if (string.IsNullOrWhiteSpace(storeUri))
        {
            return "SQLite in the data directory";
        }

        if (Uri.TryCreate(storeUri, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            var user = uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)];
            return storeUri.Replace(uri.UserInfo + "@", user + ":***@", StringComparison.Ordinal);
        }

        return storeUri;
    }
}
