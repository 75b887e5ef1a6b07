using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Slipway.Core.Errors;
using Slipway.Server.Mlflow.Contracts;

namespace Slipway.Server.Mlflow;

/// <summary>Writes MLflow responses and MLflow-shaped errors (<c>{"error_code", "message"}</c>).</summary>
public static class MlflowResponses
{
    public static async Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    public static Task WriteEmptyAsync(HttpContext context) =>
        WriteAsync(context, new EmptyDto(), MlflowJsonContext.Wire.EmptyDto);

    public static async Task WriteErrorAsync(HttpContext context, ErrorCode code, string message, int? status = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status ?? code.ToHttpStatus();
        context.Response.ContentType = "application/json";
        var error = new ErrorDto { ErrorCode = code.ToWireName(), Message = message };
        await JsonSerializer.SerializeAsync(context.Response.Body, error, MlflowJsonContext.Wire.ErrorDto, context.RequestAborted);
    }
}
