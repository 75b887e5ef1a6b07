namespace Slipway.Core.Security;

/// <summary>
/// A user's level on one resource, which replaces the level the user's workspace role gives there (ADR 0007).
/// <see cref="ResourceId"/> is the experiment id or the registered model's current name; a model's grants
/// follow it through renames and go with it when it is deleted.
/// </summary>
public sealed record ResourceGrant(string WorkspaceId, GrantedResource Kind, string ResourceId, string User, AccessLevel Level);
