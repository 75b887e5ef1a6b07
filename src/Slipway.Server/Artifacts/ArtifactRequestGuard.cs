using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Slipway.Core.Errors;
using Slipway.Server.Mlflow;

namespace Slipway.Server.Artifacts;

/// <summary>
/// Rejects traversal attempts on the artifact routes before the server normalises the URL. Kestrel
/// resolves <c>..</c> segments and decodes <c>%2e</c> itself, so an attack can arrive looking like a
/// harmless path (or a different route); the raw request target still shows it.
/// </summary>
public sealed class ArtifactRequestGuard(RequestDelegate next)
{
    private static readonly string[] GuardedPrefixes = ["/api/2.0/mlflow-artifacts", "/ajax-api/2.0/mlflow-artifacts"];

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        // Every request passes here: the prefix is checked on a span, and the path only cut out for an artifact route.
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? raw.AsSpan() : raw.AsSpan(0, query);
        if (IsGuarded(path) && FindTraversal(path.ToString()) is { } reason)
        {
            return MlflowResponses.WriteErrorAsync(context, ErrorCode.InvalidParameterValue, $"Invalid artifact path: {reason}.");
        }

        return next(context);
    }

    private static bool IsGuarded(ReadOnlySpan<char> path)
    {
        foreach (var prefix in GuardedPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns why the raw path is unsafe, or null.</summary>
    public static string? FindTraversal(string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        if (rawPath.Contains('\\', StringComparison.Ordinal))
        {
            return "backslashes are not allowed";
        }

        // A lone %25 is a literal '%' in a file name; only double-encoded separators and dots are attacks.
        foreach (var encoded in (ReadOnlySpan<string>)["%2e", "%2f", "%5c", "%00", "%252e", "%252f", "%255c", "%2500", "%2525"])
        {
            if (rawPath.Contains(encoded, StringComparison.OrdinalIgnoreCase))
            {
                return $"encoded '{encoded}' is not allowed in artifact paths";
            }
        }

        foreach (var segment in rawPath.Split('/'))
        {
            if (segment is ".." or ".")
            {
                return $"'{segment}' segments are not allowed";
            }
        }

        return null;
    }
}
