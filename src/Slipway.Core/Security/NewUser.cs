namespace Slipway.Core.Security;

/// <summary>A user to create. <see cref="PasswordHash"/> is a <see cref="PasswordHasher"/> hash, or null for a service account.</summary>
public sealed record NewUser(string Name, string? PasswordHash, bool IsAdmin, bool IsServiceAccount);
