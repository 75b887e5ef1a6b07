using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Slipway.Serving.Logging;

/// <summary>
/// The inference log in plain files, for one server process. The layout, which the monitoring feature relies on:
/// <code>
/// {root}/{workspace}/{deployment}/{yyyy-MM-dd}/{HHmmss}-{seq}.jsonl
/// </code>
/// Each file is a segment: UTF-8 JSON Lines, one record per line in the form <see cref="InferenceLogJson"/>
/// describes, every line ended by <c>\n</c>. All records of a segment fall in the UTC hour its directory date and
/// <c>HH</c> name, so a time range is read by opening only the hours it spans; <c>mmss</c> is the time of the first
/// record and <c>seq</c> grows with each segment opened that day. A segment rolls over when it would pass the size
/// limit (64 MiB by default) and when records reach a new hour. A segment is never appended to once closed (a late
/// record for an earlier hour opens a new one), and only this store writes while it is open, so a line cut short by
/// a crash is always the last of its file: readers skip it. Appends are handed to the operating system at the end of
/// each batch (no fsync), so a process crash loses nothing appended; a machine crash may lose the last moments.
/// </summary>
public sealed class FileInferenceLogStore : IInferenceLogStore, IAsyncDisposable
{
    public const long DefaultMaxSegmentBytes = 64L * 1024 * 1024;

    /// <summary>A segment nothing has been appended to for this long is closed at the next append, so deployments that went quiet hold no file open.</summary>
    private const long IdleCloseMs = 5 * 60 * 1000;

    /// <summary>Two hours stay open per deployment: records of the hour just ended still arrive for a while after it.</summary>
    private const int OpenHoursPerDeployment = 2;

    private const int MaxNameLength = 128;

    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    private readonly long _maxSegmentBytes;
    private readonly SemaphoreSlim _appending = new(1, 1);
    private readonly Dictionary<(string WorkspaceId, string Deployment, DateTimeOffset Hour), LogSegment> _open = [];
    private readonly ArrayBufferWriter<byte> _line = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private bool _disposed;

    public FileInferenceLogStore(string rootDirectory, long maxSegmentBytes = DefaultMaxSegmentBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegmentBytes, 1);
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        _maxSegmentBytes = maxSegmentBytes;
        _json = new Utf8JsonWriter(_line);
    }

    public string RootDirectory { get; }

    /// <summary>
    /// Appends the batch to the segments of its records' deployments and hours. Calls are serialized: the store is the
    /// single writer of its files.
    /// </summary>
    /// <exception cref="ArgumentException">When a record's workspace or deployment is not a safe directory name; nothing is written then.</exception>
    public async Task AppendAsync(IReadOnlyList<InferenceLogRecord> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        InferenceLogRecord? checkedRecord = null;
        foreach (var record in batch)
        {
            // A batch is mostly one deployment's records: each name pair is checked once where it changes.
            if (checkedRecord is null
                || !string.Equals(checkedRecord.WorkspaceId, record.WorkspaceId, StringComparison.Ordinal)
                || !string.Equals(checkedRecord.Deployment, record.Deployment, StringComparison.Ordinal))
            {
                DeploymentDirectory(record.WorkspaceId, record.Deployment);
                checkedRecord = record;
            }
        }

        await _appending.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var touched = new HashSet<LogSegment>();
            foreach (var record in batch)
            {
                _line.ResetWrittenCount();
                _json.Reset(_line);
                InferenceLogJson.Write(_json, record);
                _json.Flush();
                _line.Write("\n"u8);

                var key = (record.WorkspaceId, record.Deployment, HourOf(record.Timestamp));
                var segment = await SegmentForAsync(key, record.Timestamp, _line.WrittenCount);
                await WriteOrAbandonAsync(segment, cancellationToken);
                touched.Add(segment);
            }

            foreach (var segment in touched)
            {
                await FlushOrAbandonAsync(segment, cancellationToken);
            }

            await CloseIdleAsync();
        }
        finally
        {
            _appending.Release();
        }
    }

    public async IAsyncEnumerable<InferenceLogRecord> ReadAsync(
        string workspaceId,
        string deployment,
        DateTimeOffset since,
        DateTimeOffset until,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var segments = LogSegmentFile.Under(DeploymentDirectory(workspaceId, deployment))
            .Where(s => s.Hour < until && s.Hour.AddHours(1) > since)
            .OrderBy(s => s.Hour)
            .ThenBy(s => Path.GetFileName(s.Path), StringComparer.Ordinal)
            .ToList();
        foreach (var segment in segments)
        {
            await foreach (var record in LogSegmentReader.ReadAsync(segment.Path, cancellationToken))
            {
                if (record.Timestamp >= since && record.Timestamp < until)
                {
                    yield return record;
                }
            }
        }
    }

    public Task<IReadOnlyList<InferenceLogExtent>> ListAsync(string? workspaceId = null, CancellationToken cancellationToken = default)
    {
        var extents = new List<InferenceLogExtent>();
        var workspaces = workspaceId is null
            ? Directory.Exists(RootDirectory) ? Directory.EnumerateDirectories(RootDirectory).Select(Path.GetFileName).OfType<string>().Where(IsSafeName) : []
            : [workspaceId];
        foreach (var workspace in workspaces)
        {
            var workspaceDirectory = DeploymentDirectory(workspace, null);
            if (!Directory.Exists(workspaceDirectory))
            {
                continue;
            }

            foreach (var deployment in Directory.EnumerateDirectories(workspaceDirectory).Select(Path.GetFileName).OfType<string>().Where(IsSafeName))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var segments = LogSegmentFile.Under(Path.Combine(workspaceDirectory, deployment)).ToList();
                if (segments.Count > 0)
                {
                    extents.Add(new InferenceLogExtent(
                        workspace,
                        deployment,
                        segments.Min(s => s.Hour),
                        segments.Max(s => s.Hour).AddHours(1),
                        segments.Count,
                        segments.Sum(s => s.Bytes)));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<InferenceLogExtent>>(
            [.. extents.OrderBy(e => e.WorkspaceId, StringComparer.Ordinal).ThenBy(e => e.Deployment, StringComparer.Ordinal)]);
    }

    /// <summary>Closes every open segment; appends after this throw.</summary>
    public async ValueTask DisposeAsync()
    {
        await _appending.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var segment in _open.Values)
            {
                await segment.DisposeAsync();
            }

            _open.Clear();
            await _json.DisposeAsync();
        }
        finally
        {
            _appending.Release();
        }
    }

    private static DateTimeOffset HourOf(DateTimeOffset timestamp) =>
        new(timestamp.UtcTicks - (timestamp.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    private static bool IsSafeName(string name) =>
        name.Length is > 0 and <= MaxNameLength
        && char.IsAsciiLetterOrDigit(name[0])
        && !name.AsSpan().ContainsAnyExcept(NameCharacters);

    /// <summary>
    /// The directory of a deployment (of a workspace when <paramref name="deployment"/> is null). Names are checked
    /// here, before any path is built from them: only letters, digits, '.', '_' and '-', starting with a letter or
    /// digit, so no name can be '..' or hold a separator and climb out of the root.
    /// </summary>
    private string DeploymentDirectory(string workspaceId, string? deployment)
    {
        ArgumentNullException.ThrowIfNull(workspaceId);
        if (!IsSafeName(workspaceId))
        {
            throw new ArgumentException($"'{workspaceId}' is not a workspace id the inference log can store.", nameof(workspaceId));
        }

        if (deployment is not null && !IsSafeName(deployment))
        {
            throw new ArgumentException($"'{deployment}' is not a deployment name the inference log can store.", nameof(deployment));
        }

        var path = deployment is null ? Path.Combine(RootDirectory, workspaceId) : Path.Combine(RootDirectory, workspaceId, deployment);
        return Path.GetFullPath(path).StartsWith(RootDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{workspaceId}/{deployment}' would leave the inference log's directory.", nameof(deployment));
    }

    private async ValueTask<LogSegment> SegmentForAsync((string WorkspaceId, string Deployment, DateTimeOffset Hour) key, DateTimeOffset timestamp, int lineBytes)
    {
        if (_open.TryGetValue(key, out var segment))
        {
            if (segment.Length == 0 || segment.Length + lineBytes <= _maxSegmentBytes)
            {
                return segment;
            }

            _open.Remove(key);
            await segment.DisposeAsync();
        }

        segment = Open(key, timestamp);
        _open[key] = segment;
        await CloseOlderHoursAsync(key);
        return segment;
    }

    private LogSegment Open((string WorkspaceId, string Deployment, DateTimeOffset Hour) key, DateTimeOffset timestamp)
    {
        var directory = Path.Combine(DeploymentDirectory(key.WorkspaceId, key.Deployment), LogSegmentFile.DirectoryName(key.Hour));
        Directory.CreateDirectory(directory);
        var sequence = 1;
        foreach (var file in Directory.EnumerateFiles(directory, "*" + LogSegmentFile.Extension))
        {
            if (LogSegmentFile.TryParseSequence(file, out var existing, out _))
            {
                sequence = Math.Max(sequence, existing + 1);
            }
        }

        while (true)
        {
            var path = Path.Combine(directory, LogSegmentFile.FileName(timestamp, sequence));
            try
            {
                // CreateNew: a segment is only ever written by the store that created it, never reopened.
                var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 64 * 1024);
                return new LogSegment(path, key.Hour, stream);
            }
            catch (IOException) when (File.Exists(path))
            {
                sequence++;
            }
        }
    }

    private async Task CloseOlderHoursAsync((string WorkspaceId, string Deployment, DateTimeOffset Hour) key)
    {
        var hours = _open.Keys
            .Where(k => k.WorkspaceId == key.WorkspaceId && k.Deployment == key.Deployment)
            .OrderByDescending(k => k.Hour)
            .Skip(OpenHoursPerDeployment)
            .ToList();
        foreach (var old in hours)
        {
            await _open[old].DisposeAsync();
            _open.Remove(old);
        }
    }

    private async Task CloseIdleAsync()
    {
        var now = Environment.TickCount64;
        foreach (var (key, segment) in _open.Where(p => now - p.Value.LastWritten > IdleCloseMs).ToList())
        {
            _open.Remove(key);
            await segment.DisposeAsync();
        }
    }

    private async Task WriteOrAbandonAsync(LogSegment segment, CancellationToken cancellationToken)
    {
        try
        {
            await segment.WriteAsync(_line.WrittenMemory, cancellationToken);
        }
        catch
        {
            await AbandonAsync(segment);
            throw;
        }
    }

    private async Task FlushOrAbandonAsync(LogSegment segment, CancellationToken cancellationToken)
    {
        try
        {
            await segment.FlushAsync(cancellationToken);
        }
        catch
        {
            await AbandonAsync(segment);
            throw;
        }
    }

    /// <summary>
    /// Closes a segment a write failed on (disk full, cancelled) and forgets it: whatever part of a line reached it
    /// stays its last line, which readers skip, and the next append opens a new segment.
    /// </summary>
    private async Task AbandonAsync(LogSegment segment)
    {
        foreach (var key in _open.Where(p => ReferenceEquals(p.Value, segment)).Select(p => p.Key).ToList())
        {
            _open.Remove(key);
        }

        try
        {
            await segment.DisposeAsync();
        }
        catch (IOException)
        {
            // Closing flushes the rest of the buffer, which fails again on a full disk; the handle is released anyway.
        }
        catch (OperationCanceledException)
        {
        }
    }
}
