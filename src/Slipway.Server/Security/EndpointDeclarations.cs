using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Slipway.Server.Security;

/// <summary>Proves every endpoint declared its <see cref="AccessRequirement"/>: the server refuses to start otherwise.</summary>
public static class EndpointDeclarations
{
    /// <summary>The route patterns and methods of endpoints without a declaration.</summary>
    public static IReadOnlyList<string> FindUndeclared(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return [.. routes.DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<AccessRequirement>() is null)
            .Select(Describe)];
    }

    public static string Describe(RouteEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
        return $"{string.Join(',', methods)} /{endpoint.RoutePattern.RawText?.TrimStart('/')}";
    }

    public static void RequireAll(IEndpointRouteBuilder routes)
    {
        var undeclared = FindUndeclared(routes);
        if (undeclared.Count > 0)
        {
            throw new InvalidOperationException(
                "Every endpoint must declare its access requirement (ADR 0007); these do not: " + string.Join("; ", undeclared));
        }
    }
}
