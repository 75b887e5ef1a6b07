using System.Globalization;

namespace Slipway.Serving.Logging;

/// <summary>
/// A segment file as the store names it: <c>{yyyy-MM-dd}/{HHmmss}-{seq}.jsonl</c> under the deployment's directory,
/// where the date and <c>HH</c> are the UTC hour every record in it falls in, <c>mmss</c> the minute and second of its
/// first record, and <c>seq</c> a number that grows with each segment opened in that day's directory.
/// </summary>
internal sealed record LogSegmentFile(string Path, DateTimeOffset Hour, int Sequence, long Bytes)
{
    public const string Extension = ".jsonl";
    public const string DateFormat = "yyyy-MM-dd";

    public static string DirectoryName(DateTimeOffset hour) => hour.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string FileName(DateTimeOffset firstRecord, int sequence) =>
        firstRecord.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture) + "-" + sequence.ToString("D6", CultureInfo.InvariantCulture) + Extension;

    /// <summary>The sequence number in a segment's file name; false for any other file.</summary>
    public static bool TryParseSequence(string fileName, out int sequence, out int hourOfDay)
    {
        sequence = 0;
        hourOfDay = 0;
        var name = System.IO.Path.GetFileName(fileName.AsSpan());
        return name.Length > 7 + Extension.Length
            && name.EndsWith(Extension, StringComparison.Ordinal)
            && name[6] == '-'
            && int.TryParse(name[..2], NumberStyles.None, CultureInfo.InvariantCulture, out hourOfDay)
            && hourOfDay < 24
            && int.TryParse(name[2..6], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && int.TryParse(name[7..^Extension.Length], NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>Every segment under a deployment's directory; files and folders of any other name are ignored.</summary>
    public static IEnumerable<LogSegmentFile> Under(string deploymentDirectory)
    {
        if (!Directory.Exists(deploymentDirectory))
        {
            yield break;
        }

        foreach (var day in Directory.EnumerateDirectories(deploymentDirectory))
        {
            if (!DateTime.TryParseExact(System.IO.Path.GetFileName(day), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
            {
                continue;
            }

            foreach (var file in new DirectoryInfo(day).EnumerateFiles("*" + Extension))
            {
                if (TryParseSequence(file.Name, out var sequence, out var hourOfDay))
                {
                    yield return new LogSegmentFile(file.FullName, new DateTimeOffset(date.AddHours(hourOfDay), TimeSpan.Zero), sequence, file.Length);
                }
            }
        }
    }
}
