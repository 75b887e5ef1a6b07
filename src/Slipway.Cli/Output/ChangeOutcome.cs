namespace Slipway.Cli.Output;

/// <summary>
/// The JSON result of a command that changes something and gets nothing back (a delete, a revoke, a new password):
/// what was done, named as the audit log names it (<c>user.delete</c>, <c>token.revoke</c>), and to what.
/// </summary>
internal sealed record ChangeOutcome(string Action, string Subject);
