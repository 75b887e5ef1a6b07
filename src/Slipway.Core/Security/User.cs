namespace Slipway.Core.Security;

/// <summary>
/// An identity of the server: a person with a password, or a service account that authenticates with tokens
/// only. <see cref="CreationTime"/> is milliseconds since the Unix epoch.
/// </summary>
public sealed record User(long Id, string Name, bool IsAdmin, bool IsServiceAccount, long CreationTime);
