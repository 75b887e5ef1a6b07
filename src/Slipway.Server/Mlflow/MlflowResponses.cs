using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Slipway.Core.Errors;
using Slipway.Server.Mlflow.Contracts;

namespace Slipway.Server.Mlflow;

/// <summary>Writes MLflow responses and MLflow-shaped errors (<c>{"error_code", "message"}</c>).</summary>
public static class MlflowResponses
{
    /// <summary>How every MLflow response body is written: the wire encoder (quotes left unescaped), no re-validation.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = MlflowJsonContext.Wire.Options.Encoder, SkipValidation = true };

    public static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo) =>
        WriteAsync(context, StatusCodes.Status200OK, writer => JsonSerializer.Serialize(writer, value, typeInfo));

    /// <summary>A 200 response whose body <paramref name="write"/> writes by hand.</summary>
    public static Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write) =>
        WriteAsync(context, StatusCodes.Status200OK, write);

    public static Task WriteEmptyAsync(HttpContext context) =>
        WriteAsync(context, new EmptyDto(), MlflowJsonContext.Wire.EmptyDto);

    public static Task WriteErrorAsync(HttpContext context, ErrorCode code, string message, int? status = null)
    {
        var error = new ErrorDto { ErrorCode = code.ToWireName(), Message = message };
        return WriteAsync(context, status ?? code.ToHttpStatus(), writer => JsonSerializer.Serialize(writer, error, MlflowJsonContext.Wire.ErrorDto));
    }

    /// <summary>
    /// Writes the body in one synchronous pass straight into the response pipe, then flushes: the serializer's
    /// streaming mode must be able to pause after any value, which costs a third of a large response's time.
    /// </summary>
    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            write(writer);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
