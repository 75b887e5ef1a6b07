namespace Slipway.Serving.Logging;

/// <summary>A segment file the store is appending to: the one writer of that file.</summary>
internal sealed class LogSegment : IAsyncDisposable
{
    private readonly FileStream _stream;
    private bool _closed;

    public LogSegment(string path, DateTimeOffset hour, FileStream stream)
    {
        Path = path;
        Hour = hour;
        _stream = stream;
        LastWritten = Environment.TickCount64;
    }

    public string Path { get; }

    /// <summary>The hour every record in the segment falls in.</summary>
    public DateTimeOffset Hour { get; }

    public long Length { get; private set; }

    /// <summary>When a record was last appended, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long LastWritten { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(line, cancellationToken);
        Length += line.Length;
        LastWritten = Environment.TickCount64;
    }

    /// <summary>
    /// Hands what is buffered to the operating system, so readers and a restarted process see it. A segment closed in
    /// the meantime (its deployment moved on two hours within one batch) was flushed as it closed.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _closed ? Task.CompletedTask : _stream.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        _closed = true;
        return _stream.DisposeAsync();
    }
}
