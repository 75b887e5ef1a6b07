using Slipway.Core.Errors;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// MLflow's SQLite store URIs: <c>sqlite:///relative/path.db</c> (three slashes: relative to the current
/// directory) and <c>sqlite:////absolute/path.db</c> (four slashes: absolute).
/// </summary>
internal static class SqliteStoreUri
{
    private const string Prefix = "sqlite://";

    /// <summary>The absolute path of the database file.</summary>
    public static string ParsePath(string storeUri)
    {
        if (!storeUri.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(storeUri, "it must start with sqlite:/// (relative path) or sqlite://// (absolute path)");
        }

        var rest = storeUri[Prefix.Length..];
        if (rest.Contains('?', StringComparison.Ordinal))
        {
            throw Invalid(storeUri, "query parameters are not supported");
        }

        if (!rest.StartsWith('/'))
        {
            throw Invalid(storeUri, rest.Length == 0
                ? "the database file path is missing (in-memory databases are not supported)"
                : "a SQLite URI has no host; use sqlite:///relative/path.db or sqlite:////absolute/path.db");
        }

        // After "sqlite://" comes "/path": "/relative.db" is relative, "//abs.db" is absolute.
        var path = Uri.UnescapeDataString(rest[1..]);
        if (path.Length == 0 || path == "/" || path.EndsWith('/'))
        {
            throw Invalid(storeUri, "the database file path is missing");
        }

        return Path.GetFullPath(path.StartsWith('/') ? path : Path.Combine(Environment.CurrentDirectory, path));
    }

    private static SlipwayException Invalid(string storeUri, string reason) =>
        SlipwayException.Invalid($"Invalid SQLite store URI '{storeUri}': {reason}.");
}
