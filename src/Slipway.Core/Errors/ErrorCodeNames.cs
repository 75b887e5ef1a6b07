namespace Slipway.Core.Errors;

/// <summary>Wire names (MLflow's SCREAMING_SNAKE_CASE) for <see cref="ErrorCode"/>.</summary>
public static class ErrorCodeNames
{
    public static string ToWireName(this ErrorCode code) => code switch
    {
        ErrorCode.InternalError => "INTERNAL_ERROR",
        ErrorCode.InvalidParameterValue => "INVALID_PARAMETER_VALUE",
        ErrorCode.ResourceDoesNotExist => "RESOURCE_DOES_NOT_EXIST",
        ErrorCode.ResourceAlreadyExists => "RESOURCE_ALREADY_EXISTS",
        ErrorCode.InvalidState => "INVALID_STATE",
        ErrorCode.BadRequest => "BAD_REQUEST",
        ErrorCode.PermissionDenied => "PERMISSION_DENIED",
        ErrorCode.Unauthenticated => "UNAUTHENTICATED",
        ErrorCode.EndpointNotFound => "ENDPOINT_NOT_FOUND",
        ErrorCode.RequestLimitExceeded => "REQUEST_LIMIT_EXCEEDED",
        ErrorCode.TemporarilyUnavailable => "TEMPORARILY_UNAVAILABLE",
        _ => "INTERNAL_ERROR",
    };

    /// <summary>The HTTP status MLflow uses for each code (mlflow/exceptions.py).</summary>
    public static int ToHttpStatus(this ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue or ErrorCode.ResourceAlreadyExists or ErrorCode.BadRequest => 400,
        ErrorCode.Unauthenticated => 401,
        ErrorCode.PermissionDenied => 403,
        ErrorCode.ResourceDoesNotExist or ErrorCode.EndpointNotFound => 404,
        ErrorCode.RequestLimitExceeded => 429,
        ErrorCode.TemporarilyUnavailable => 503,
        _ => 500,
    };
}
