namespace Slipway.Core.Errors;

/// <summary>
/// Error codes shared by every API surface. The names match MLflow's <c>databricks.ErrorCode</c>
/// so the MLflow adapter can emit them unchanged.
/// </summary>
public enum ErrorCode
{
    InternalError,
    InvalidParameterValue,
    ResourceDoesNotExist,
    ResourceAlreadyExists,
    InvalidState,
    BadRequest,
    PermissionDenied,
    Unauthenticated,
    EndpointNotFound,
    RequestLimitExceeded,
    TemporarilyUnavailable,
}
