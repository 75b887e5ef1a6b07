using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Slipway.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends a pre-encoded request and reads the whole response, blocking: a few
/// microseconds of CPU per request and no allocations, where HttpClient spends several times that on a machine whose two
/// cores the server needs.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly IPEndPoint _endPoint;
    private readonly HttpResponseReader _reader = new();
    private Socket? _socket;

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
                _reader.Reset();
            }

            _socket.Send(request);
            int status;
            while (!_reader.TryRead(out status))
            {
                var read = _socket.Receive(_reader.FreeSpace);
                if (read == 0)
                {
                    throw new IOException("The server closed the connection.");
                }

                _reader.Advance(read);
            }

            if (_reader.Closes)
            {
                Dispose();
            }

            return status;
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
}
