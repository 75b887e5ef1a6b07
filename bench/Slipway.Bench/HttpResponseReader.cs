using System.Buffers.Text;
using System.Text;

namespace Slipway.Bench;

/// <summary>
/// Reads HTTP/1.1 responses (Content-Length or chunked) from bytes as they arrive, in whatever pieces: the caller
/// receives into <see cref="FreeSpace"/>, calls <see cref="Advance"/>, and asks <see cref="TryRead"/> whether a whole
/// response is in. Resumable, so a non-blocking socket can feed it one read at a time, and a blocking one in a loop;
/// bodies are skipped as they come and never held, so the buffer only ever holds a head or a chunk-size line.
/// </summary>
internal sealed class HttpResponseReader
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private State _state;
    private long _remaining;
    private int _status;

    private enum State
    {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        Trailers,
    }

    /// <summary>Where the next read goes: never empty, since <see cref="TryRead"/> rejects a head that fills the buffer.</summary>
    public Span<byte> FreeSpace
    {
        get
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            return _buffer.AsSpan(_end);
        }
    }

    /// <summary>Whether the response last read said <c>Connection: close</c>: the next request needs a new connection.</summary>
    public bool Closes { get; private set; }

    public void Advance(int count) => _end += count;

    /// <summary>Forgets everything read so far: for a new connection.</summary>
    public void Reset()
    {
        _start = _end = 0;
        _state = State.Head;
    }

    /// <summary>
    /// True with the status code once a whole response has been read (and consumed); false when more bytes are needed.
    /// Throws <see cref="FormatException"/> on a response it cannot parse or whose head does not fit its buffer.
    /// </summary>
    public bool TryRead(out int status)
    {
        status = 0;
        while (true)
        {
            var unread = _buffer.AsSpan(_start, _end - _start);
            switch (_state)
            {
                case State.Head:
                    {
                        var at = unread.IndexOf("\r\n\r\n"u8);
                        if (at < 0)
                        {
                            return NeedMore(unread);
                        }

                        ParseHead(unread[..at]);
                        _start += at + 4;
                        break;
                    }

                case State.Body or State.ChunkData:
                    {
                        var take = (int)Math.Min(_remaining, unread.Length);
                        _start += take;
                        _remaining -= take;
                        if (_remaining > 0)
                        {
                            return false;
                        }

                        if (_state == State.Body)
                        {
                            return Complete(out status);
                        }

                        _state = State.ChunkSize;
                        break;
                    }

                case State.ChunkSize:
                    {
                        var at = unread.IndexOf("\r\n"u8);
                        if (at < 0)
                        {
                            return NeedMore(unread);
                        }

                        var sizeText = unread[..at];
                        var semicolon = sizeText.IndexOf((byte)';');
                        if (!Utf8Parser.TryParse(semicolon < 0 ? sizeText : sizeText[..semicolon], out long size, out _, 'x') || size < 0)
                        {
                            throw new FormatException("Bad chunk size.");
                        }

                        _start += at + 2;
                        // A chunk's data is followed by CRLF; the last (empty) chunk by trailer lines and a blank line.
                        (_state, _remaining) = size == 0 ? (State.Trailers, 0L) : (State.ChunkData, size + 2);
                        break;
                    }

                case State.Trailers:
                    {
                        var at = unread.IndexOf("\r\n"u8);
                        if (at < 0)
                        {
                            return NeedMore(unread);
                        }

                        _start += at + 2;
                        if (at == 0)
                        {
                            return Complete(out status);
                        }

                        break;
                    }
            }
        }
    }

    private void ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out var consumed) || consumed != 3)
        {
            throw new FormatException("Not an HTTP/1.x response.");
        }

        _status = status;
        _state = State.Body;
        _remaining = 0;
        Closes = false;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out _remaining, out _) || _remaining < 0)
                {
                    throw new FormatException("Bad Content-Length.");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8) && value.IndexOf("chunked"u8) >= 0)
            {
                _state = State.ChunkSize;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8) && Ascii.EqualsIgnoreCase(value, "close"u8))
            {
                Closes = true;
            }
        }
    }

    /// <summary>False, for more bytes to come; unless a line or head already fills the whole buffer.</summary>
    private bool NeedMore(ReadOnlySpan<byte> unread) =>
        unread.Length < _buffer.Length ? false : throw new FormatException("Response head too large.");

    private bool Complete(out int status)
    {
        status = _status;
        _state = State.Head;
        return true;
    }
}
