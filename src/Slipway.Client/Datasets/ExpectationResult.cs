namespace Slipway.Client.Datasets;

/// <summary>
/// One expectation of a suite and how the data measured up. <see cref="Observed"/> and <see cref="Expected"/> are
/// the server's values as text: strings as they are, numbers in invariant form, lists and objects as JSON.
/// </summary>
public sealed record ExpectationResult(
    string Kind,
    string? Table,
    string? Column,
    string Severity,
    bool Passed,
    string? Observed,
    string? Expected,
    string? Message)
{
    public const string ErrorSeverity = "error";

    public bool IsError => string.Equals(Severity, ErrorSeverity, StringComparison.OrdinalIgnoreCase);
}
