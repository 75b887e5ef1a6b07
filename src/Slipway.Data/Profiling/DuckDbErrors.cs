using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Slipway.Core.Errors;

namespace Slipway.Data.Profiling;

/// <summary>
/// Turns DuckDB's long error texts (the failing line, the sniffer's settings, suggested options) into one sentence
/// that names the file by its manifest path and keeps the line number where DuckDB gives one.
/// </summary>
internal static partial class DuckDbErrors
{
    /// <summary>The sniffer found no consistent comma-separated layout in its sample; it does not say where.</summary>
    public static bool IsUndetectableCsv(DuckDBException error) =>
        error.Message.Contains("Error when sniffing file", StringComparison.Ordinal);

    /// <summary>A value past the sniffer's sample does not fit the type the sample suggested.</summary>
    public static bool IsSampledTypeTooNarrow(DuckDBException error) =>
        error.Message.Contains("This type was auto-detected from the CSV file", StringComparison.Ordinal);

    public static SlipwayException Translate(DuckDBException error, TableScan scan, string manifestPath)
    {
        var message = error.Message.Replace(scan.LocalFile, manifestPath, StringComparison.Ordinal);
        var line = LinePattern().Match(message) is { Success: true } match ? match.Groups[1].Value : null;
        var reason = Reason(message);
        var detail = FieldCountPattern().Match(reason) is { Success: true } fields
            ? $"it has {fields.Groups[2].Value} fields where the header has {fields.Groups[1].Value}"
            : reason.Contains("unterminated quote", StringComparison.OrdinalIgnoreCase) ? "a quoted value is never closed"
            : reason.Contains("Invalid unicode", StringComparison.OrdinalIgnoreCase) ? "it is not valid UTF-8"
            : reason.Contains("TProtocolException", StringComparison.Ordinal) ? "its metadata or a page header cannot be decoded (" + reason + ")"
            : reason;
        var what = scan.Format == "parquet" ? "is not a valid Parquet file" : "is not valid CSV";
        var text = line is null
            ? $"{manifestPath} {what}: {detail}"
            : string.Create(CultureInfo.InvariantCulture, $"{manifestPath} {what}: line {line}: {detail}");
        return new SlipwayException(ErrorCode.InvalidParameterValue, text.TrimEnd('.') + ".", error);
    }

    /// <summary>
    /// The sentence that says what is wrong: the last line before DuckDB's suggestions ("Possible fixes"), the query
    /// echo ("LINE 1:") or the reader's settings ("file = ..."); the lines above it are the error type, the line number
    /// and the offending text.
    /// </summary>
    private static string Reason(string message)
    {
        if (message.Contains("not possible to automatically detect the CSV parsing dialect", StringComparison.Ordinal))
        {
            return "its layout could not be detected as comma-separated values with double quotes";
        }

        var last = message
            .Split('\n')
            .Select(line => line.Trim())
            .TakeWhile(line => !line.StartsWith("Possible", StringComparison.Ordinal) && !line.StartsWith("LINE ", StringComparison.Ordinal) && !line.StartsWith("file = ", StringComparison.Ordinal))
            .LastOrDefault(line => line.Length > 0) ?? message;
        return TypePrefix().Replace(last, "");
    }

    [GeneratedRegex(@"CSV Error on Line: (\d+)")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"Expected Number of Columns: (\d+) Found: (\d+)")]
    private static partial Regex FieldCountPattern();

    [GeneratedRegex(@"^[A-Za-z ]*Error: ")]
    private static partial Regex TypePrefix();
}
