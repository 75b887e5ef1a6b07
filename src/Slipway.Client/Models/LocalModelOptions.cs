namespace Slipway.Client.Models;

/// <summary>How <see cref="SlipwayClient.LoadModelAsync"/> keeps the model versions it downloads.</summary>
public sealed record LocalModelOptions
{
    /// <summary>
    /// The directory that holds downloaded model versions, one folder per server, workspace, model and version, so
    /// a version is downloaded once per machine. Null: <see cref="DefaultCacheDirectory"/>.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary><c>$XDG_CACHE_HOME/slipway/models</c>, else <c>~/.cache/slipway/models</c>.</summary>
    public static string DefaultCacheDirectory(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;

        // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
        var cacheHome = getVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "slipway", "models");
    }
}
