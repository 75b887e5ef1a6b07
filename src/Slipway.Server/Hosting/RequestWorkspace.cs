using Microsoft.AspNetCore.Http;
using Slipway.Core.Stores;
using Slipway.Server.Security;

namespace Slipway.Server.Hosting;

/// <summary>
/// The workspace a request acts in, as the authorization point chose it (from the route, a header or the caller's
/// token). Every endpoint asks this one place; a request outside any workspace acts in the default one.
/// </summary>
public static class RequestWorkspace
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RequestAccess.Of(context)?.WorkspaceId ?? Workspaces.Default;
    }
}
