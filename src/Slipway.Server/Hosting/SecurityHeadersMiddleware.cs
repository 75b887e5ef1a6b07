using Microsoft.AspNetCore.Http;

namespace Slipway.Server.Hosting;

/// <summary>
/// Headers every response carries: no content sniffing, no framing, no referrer, and a content security policy
/// that lets an API response run nothing if a browser is tricked into rendering it.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        return next(context);
    }
}
