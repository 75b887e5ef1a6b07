using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Slipway.Core.Errors;

namespace Slipway.Server.Mlflow;

/// <summary>
/// Reads an MLflow request message: the JSON body for POST, PATCH and DELETE, the query string for GET
/// (repeated keys for list fields), as MLflow's Flask handlers do. Malformed input becomes
/// INVALID_PARAMETER_VALUE naming the field.
/// </summary>
public static class MlflowRequestReader
{
    /// <summary>A reader for a message's common shape that may decline (false), leaving the body to the serializer.</summary>
    public delegate bool FastReader<T>(ReadOnlySpan<byte> json, out T value);

    public static async ValueTask<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, FastReader<T>? fast = null)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (HttpMethods.IsGet(request.Method) || request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return request.Query.Count == 0 ? new T() : FromQuery(request.Query, typeInfo);
        }

        // The whole body first, then one synchronous parse: the serializer's streaming mode has to be able to
        // pause anywhere, which costs about a third of the parse on a 1000-metric log-batch.
        var body = request.BodyReader;
        var read = await body.ReadAsync(request.HttpContext.RequestAborted);
        while (!read.IsCompleted)
        {
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await body.ReadAsync(request.HttpContext.RequestAborted);
        }

        try
        {
            return Parse(read.Buffer, typeInfo, fast) ?? new T();
        }
        catch (JsonException ex)
        {
            throw SlipwayException.Invalid(DescribeJsonError(ex));
        }
        finally
        {
            body.AdvanceTo(read.Buffer.End);
        }
    }

    /// <summary>Parses from one contiguous span, the serializer's fastest input (a body arrives in 4 KiB segments).</summary>
    private static T? Parse<T>(ReadOnlySequence<byte> json, JsonTypeInfo<T> typeInfo, FastReader<T>? fast)
    {
        if (json.IsSingleSegment)
        {
            return Parse(json.FirstSpan, typeInfo, fast);
        }

        var length = checked((int)json.Length);
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            json.CopyTo(copy);
            return Parse(copy.AsSpan(0, length), typeInfo, fast);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static T? Parse<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, FastReader<T>? fast)
    {
        // A UTF-8 byte order mark is allowed in front of JSON (RFC 8259 says parsers may ignore it, and MLflow's does).
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        return fast is not null && fast(json, out var value) ? value : JsonSerializer.Deserialize(json, typeInfo);
    }

    public static string DescribeJsonError(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.TrimStart('$', '.');
        var reason = ex.Message.Split(" Path:", 2)[0];
        if (reason.Contains("could not be converted to", StringComparison.Ordinal))
        {
            reason = reason switch
            {
                _ when reason.Contains("Int64", StringComparison.Ordinal) || reason.Contains("Int32", StringComparison.Ordinal) => "expected an integer",
                _ when reason.Contains("Double", StringComparison.Ordinal) => "expected a number",
                _ when reason.Contains("Boolean", StringComparison.Ordinal) => "expected true or false",
                _ when reason.Contains("List", StringComparison.Ordinal) => "expected an array",
                _ when reason.Contains("String", StringComparison.Ordinal) => "expected a string",
                _ => "expected an object",
            };
        }

        return field is null
            ? $"Malformed JSON request body: {reason}"
            : $"Invalid value for parameter '{field}': {reason}";
    }

    private static T FromQuery<T>(IQueryCollection query, JsonTypeInfo<T> typeInfo)
    {
        var json = new JsonObject();
        foreach (var property in typeInfo.Properties)
        {
            if (!query.TryGetValue(property.Name, out var values) || values.Count == 0)
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(List<string>))
            {
                json[property.Name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            else if (type == typeof(bool))
            {
                json[property.Name] = bool.TryParse(values[^1], out var flag)
                    ? JsonValue.Create(flag)
                    : throw SlipwayException.Invalid($"Invalid value '{values[^1]}' for parameter '{property.Name}': expected true or false.");
            }
            else if (type == typeof(long) || type == typeof(double))
            {
                json[property.Name] = double.TryParse(values[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? JsonValue.Create(values[^1])
                    : throw SlipwayException.Invalid($"Invalid value '{values[^1]}' for parameter '{property.Name}': expected a number.");
            }
            else
            {
                json[property.Name] = JsonValue.Create(values[^1]);
            }
        }

        try
        {
            return json.Deserialize(typeInfo)!;
        }
        catch (JsonException ex)
        {
            throw SlipwayException.Invalid(DescribeJsonError(ex));
        }
    }
}
