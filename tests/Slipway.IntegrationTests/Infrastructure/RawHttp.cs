using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>A response read off the wire by <see cref="RawHttp"/>.</summary>
public sealed record RawResponse(int StatusCode, string StatusLine, string Headers, string Body)
{
    public override string ToString() => $"{StatusLine}\n{Headers}\n\n{Body}";
}

/// <summary>
/// Sends a request with an exact request target over a plain TCP socket. HttpClient and <see cref="Uri"/>
/// resolve <c>..</c> and decode <c>%2e</c> before sending, which hides the very inputs traversal tests need.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, string method, string rawTarget, byte[]? body = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, cts.Token);
        var stream = client.GetStream();

        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {rawTarget} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Host}:{server.Port}\r\n")
            .Append("Connection: close\r\n");
        if (body is not null || method is "PUT" or "POST")
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body?.Length ?? 0}\r\n")
                .Append("Content-Type: application/octet-stream\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cts.Token);
        if (body is { Length: > 0 })
        {
            await stream.WriteAsync(body, cts.Token);
        }

        await stream.FlushAsync(cts.Token);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cts.Token);
        return Parse(buffer.ToArray());
    }

    public static Task<RawResponse> GetAsync(Uri server, string rawTarget) => SendAsync(server, "GET", rawTarget);

    private static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            throw new InvalidOperationException($"Incomplete HTTP response: {text}");
        }

        var head = text[..headerEnd];
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var status = int.Parse(statusParts[1], CultureInfo.InvariantCulture);
        var headers = string.Join('\n', lines.Skip(1));
        var rawBody = bytes.AsSpan(headerEnd + 4).ToArray();
        var chunked = lines.Skip(1).Any(l => l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var body = chunked ? Dechunk(rawBody) : rawBody;
        return new RawResponse(status, lines[0], headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] data)
    {
        using var result = new MemoryStream();
        var position = 0;
        while (position < data.Length)
        {
            var lineEnd = data.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(data, position, lineEnd).Split(';')[0].Trim();
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            result.Write(data, position, Math.Min(size, data.Length - position));
            position += size + 2;
        }

        return result.ToArray();
    }
}
