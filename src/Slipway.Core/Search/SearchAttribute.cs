namespace Slipway.Core.Search;

/// <summary>
/// A filterable attribute of one search target, under its canonical <see cref="Key"/>. The flags record MLflow's
/// per-attribute exceptions: only <c>run_id</c> compares against an IN list, and model versions accept a quoted
/// <c>version_number</c> (<c>version_number = '3'</c>) because MLflow's registry parser converts it.
/// </summary>
internal sealed record SearchAttribute(
    string Key,
    bool IsNumeric,
    bool AllowsList = false,
    bool AllowsQuotedNumber = false,
    bool IsStage = false);
