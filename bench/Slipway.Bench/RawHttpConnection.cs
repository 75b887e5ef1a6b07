using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Slipway.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends a pre-encoded request and reads the whole response (Content-Length or
/// chunked), blocking. The constant-rate generator runs one per thread: a few microseconds of CPU per request, where
/// HttpClient spends several times that on a machine whose two cores the server needs.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly IPEndPoint _endPoint;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    public RawHttpConnection(IPEndPoint endPoint) => _endPoint = endPoint;

    /// <summary>Builds <c>POST path</c> with a JSON body, ready to send as is.</summary>
    public static byte[] Post(Uri baseUri, string path, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(body);
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {baseUri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends the request and reads its response; the status code, or 0 when the connection failed (it reconnects next time).</summary>
    public int Send(byte[] request)
    {
        try
        {
            if (_socket is null)
            {
                _socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                _socket.Connect(_endPoint);
                _start = _end = 0;
            }

            _socket.Send(request);
            return ReadResponse();
        }
        catch (Exception ex) when (ex is SocketException or IOException or FormatException)
        {
            Dispose();
            return 0;
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private int ReadResponse()
    {
        var headerEnd = FindHeaderEnd();
        var head = _buffer.AsSpan(_start, headerEnd - _start);
        // "HTTP/1.1 200 OK"
        var status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        var length = -1L;
        var chunked = false;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            if (line.StartsWith("content-length:"u8) || line.StartsWith("Content-Length:"u8))
            {
                _ = Utf8Parser.TryParse(line["content-length:".Length..].TrimStart((byte)' '), out length, out _);
            }
            else if (line.StartsWith("transfer-encoding: chunked"u8) || line.StartsWith("Transfer-Encoding: chunked"u8))
            {
                chunked = true;
            }
        }

        _start = headerEnd + 4;
        if (chunked)
        {
            ReadChunked();
        }
        else
        {
            Skip(Math.Max(length, 0));
        }

        return status;
    }

    private void ReadChunked()
    {
        while (true)
        {
            var lineEnd = Find("\r\n"u8);
            var sizeText = _buffer.AsSpan(_start, lineEnd - _start);
            var semicolon = sizeText.IndexOf((byte)';');
            if (!Utf8Parser.TryParse(semicolon < 0 ? sizeText : sizeText[..semicolon], out long size, out _, 'x'))
            {
                throw new FormatException("Bad chunk size.");
            }

            _start = lineEnd + 2;
            Skip(size + 2);
            if (size == 0)
            {
                return;
            }
        }
    }

    private int FindHeaderEnd() => Find("\r\n\r\n"u8);

    /// <summary>The index of <paramref name="marker"/> at or after the read position, reading more as needed.</summary>
    private int Find(ReadOnlySpan<byte> marker)
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (at >= 0)
            {
                return _start + at;
            }

            Fill();
        }
    }

    private void Skip(long count)
    {
        while (_end - _start < count)
        {
            count -= _end - _start;
            _start = _end = 0;
            Fill();
        }

        _start += (int)count;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new IOException("Response headers too large.");
        }

        var read = _socket!.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }
}
