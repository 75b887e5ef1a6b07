using System.Net;
using Slipway.Core.Errors;

namespace Slipway.Client;

/// <summary>
/// The server answered a request with an error. <see cref="SlipwayException.Code"/> is parsed from the body's
/// <c>error_code</c> (or derived from the HTTP status when the body has none); <see cref="Exception.Message"/> reads
/// <c>RESOURCE_DOES_NOT_EXIST: message</c>, as MLflow clients print it.
/// </summary>
public sealed class SlipwayApiException : SlipwayException
{
    public SlipwayApiException(ErrorCode code, string errorCodeName, HttpStatusCode statusCode, string serverMessage)
        : base(code, $"{errorCodeName}: {serverMessage}")
    {
        ErrorCodeName = errorCodeName;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The <c>error_code</c> exactly as the server sent it (it may be a code this client does not know).</summary>
    public string ErrorCodeName { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's message without the error code prefix.</summary>
    public string ServerMessage { get; }

    /// <summary>Parses a wire error code; unknown or missing codes fall back to the code MLflow uses for the HTTP status.</summary>
    public static ErrorCode ParseErrorCode(string? errorCodeName, HttpStatusCode statusCode)
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            if (string.Equals(code.ToWireName(), errorCodeName, StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }

        return statusCode switch
        {
            HttpStatusCode.BadRequest => ErrorCode.BadRequest,
            HttpStatusCode.Unauthorized => ErrorCode.Unauthenticated,
            HttpStatusCode.Forbidden => ErrorCode.PermissionDenied,
            HttpStatusCode.NotFound => ErrorCode.EndpointNotFound,
            HttpStatusCode.TooManyRequests => ErrorCode.RequestLimitExceeded,
            HttpStatusCode.ServiceUnavailable => ErrorCode.TemporarilyUnavailable,
            _ => ErrorCode.InternalError,
        };
    }
}
