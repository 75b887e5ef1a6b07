using Microsoft.AspNetCore.Http;
using Slipway.Core.Stores;

namespace Slipway.Server.Hosting;

/// <summary>
/// The workspace a request acts in. Every endpoint asks this one place, so access control can later
/// choose the workspace from a header or the caller's token without touching the endpoints.
/// </summary>
public static class RequestWorkspace
{
    private const string ItemKey = "slipway.workspace";

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var value) && value is string workspace ? workspace : Workspaces.Default;
    }

    public static void Set(HttpContext context, string workspaceId)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = workspaceId;
    }
}
