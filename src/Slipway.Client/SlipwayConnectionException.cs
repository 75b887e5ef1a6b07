using Slipway.Core.Errors;

namespace Slipway.Client;

/// <summary>
/// The server could not be reached at all (connection refused, unknown host, timeout): no HTTP response came back.
/// The message reads <c>Cannot reach the Slipway server at &lt;uri&gt;: &lt;reason&gt;</c>.
/// </summary>
public sealed class SlipwayConnectionException : SlipwayException
{
    public SlipwayConnectionException(Uri serverUri, string reason, Exception? innerException = null)
        : base(ErrorCode.TemporarilyUnavailable, $"Cannot reach the Slipway server at {serverUri.AbsoluteUri.TrimEnd('/')}: {reason}", innerException!)
    {
        ServerUri = serverUri;
        Reason = reason;
    }

    public Uri ServerUri { get; }

    public string Reason { get; }
}
