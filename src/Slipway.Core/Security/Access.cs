namespace Slipway.Core.Security;

/// <summary>
/// What an endpoint requires of its caller (ADR 0007), from least to most. Workspace roles and per-resource
/// grants give <see cref="Read"/> to <see cref="Manage"/>; <see cref="Invoke"/> stands apart so an application
/// token can call model endpoints and nothing else.
/// </summary>
public enum Access
{
    /// <summary>Anyone, signed in or not: health, metrics, the OpenAPI document.</summary>
    Public,

    /// <summary>Any signed-in identity, in no particular workspace: who am I, my tokens.</summary>
    Authenticated,

    /// <summary>Read the resources of the request's workspace.</summary>
    Read,

    /// <summary>Create and change resources (editor and up; MLflow's EDIT).</summary>
    Edit,

    /// <summary>Delete, move stages and aliases, grant permissions (maintainer and up; MLflow's MANAGE).</summary>
    Manage,

    /// <summary>Manage the workspace's members (owner).</summary>
    Own,

    /// <summary>Server administration: users, workspaces, the whole audit log.</summary>
    Admin,

    /// <summary>Call a model endpoint for predictions.</summary>
    Invoke,
}
