namespace Slipway.Core.Stores;

/// <summary>Well-known workspace ids.</summary>
public static class Workspaces
{
    /// <summary>The workspace every resource belongs to until access control adds more.</summary>
    public const string Default = "default";
}
