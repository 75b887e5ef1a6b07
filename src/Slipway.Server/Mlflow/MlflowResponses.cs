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
        await WriteBodyAsync(context, value, typeInfo);
    }

    public static Task WriteEmptyAsync(HttpContext context) =>
        WriteAsync(context, new EmptyDto(), MlflowJsonContext.Wire.EmptyDto);

    public static async Task WriteErrorAsync(HttpContext context, ErrorCode code, string message, int? status = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status ?? code.ToHttpStatus();
        context.Response.ContentType = "application/json";
        var error = new ErrorDto { ErrorCode = code.ToWireName(), Message = message };
        await WriteBodyAsync(context, error, MlflowJsonContext.Wire.ErrorDto);
    }

    /// <summary>
    /// Serializes in one synchronous pass straight into the response pipe, then flushes: the serializer's
    /// streaming mode must be able to pause after any value, which costs a third of a large response's time.
    /// </summary>
    private static async Task WriteBodyAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo)
    {
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Encoder = typeInfo.Options.Encoder, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
