using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Slipway.Core.Errors;
using Slipway.Server.Mlflow;

namespace Slipway.Server.Hosting;

/// <summary>
/// Turns every failure into the one error shape (<c>{"error_code", "message"}</c>) with the matching
/// status, so a bad request never surfaces as a stack trace and an unexpected fault never kills the server.
/// </summary>
public sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (SlipwayException ex)
        {
            await WriteIfPossibleAsync(context, ex.Code, ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            var code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCode.RequestLimitExceeded : ErrorCode.BadRequest;
            await WriteIfPossibleAsync(context, code, ex.Message, ex.StatusCode);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path, ex);
            await WriteIfPossibleAsync(context, ErrorCode.InternalError, "Internal server error; the server log has the details.");
        }
    }

    private static async Task WriteIfPossibleAsync(HttpContext context, ErrorCode code, string message, int? status = null)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await MlflowResponses.WriteErrorAsync(context, code, message, status);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception exception);
}
