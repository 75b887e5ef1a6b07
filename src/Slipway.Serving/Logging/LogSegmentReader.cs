using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Slipway.Serving.Logging;

/// <summary>
/// Reads the records of one segment file. The last line is skipped when it does not parse: it is the one a crash (or
/// a write still in progress) can leave cut short, or padded with NUL bytes by a file system that had extended the
/// file before its data reached the disk. A bad line anywhere else is corruption, and is reported.
/// </summary>
internal static class LogSegmentReader
{
    private const int ChunkBytes = 64 * 1024;

    /// <exception cref="InvalidDataException">When a line other than the last is not a record.</exception>
    public static async IAsyncEnumerable<InferenceLogRecord> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The writer holds the file open for writing while it is current, so readers must share write access.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var buffer = new byte[ChunkBytes];
        int start = 0, end = 0;
        var lineNumber = 0;
        InvalidDataException? pending = null;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
                if (read == 0)
                {
                    // The end: an unended last line, or a last line that did not parse, is a torn write.
                    yield break;
                }

                end += read;
                continue;
            }

            var line = buffer.AsMemory(start, newline);
            start += newline + 1;
            lineNumber++;
            if (IsBlank(line.Span))
            {
                continue;
            }

            if (pending is not null)
            {
                throw pending;
            }

            if (TryParse(line, out var record, out var error))
            {
                yield return record;
            }
            else
            {
                pending = new InvalidDataException($"{path}, line {lineNumber}: {error}");
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r\0"u8).IsEmpty;

    private static bool TryParse(ReadOnlyMemory<byte> line, out InferenceLogRecord record, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            record = InferenceLogJson.Read(document.RootElement);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            record = null!;
            error = ex.Message;
            return false;
        }
    }
}
