namespace Slipway.Core.Security;

/// <summary>A token to record: its <see cref="ApiTokens.Hash"/>, never the token.</summary>
public sealed record NewApiToken(
    string User,
    string Name,
    byte[] TokenHash,
    string DisplayPrefix,
    IReadOnlyList<string> Scopes,
    string? DefaultWorkspace,
    long? ExpiryTime);
