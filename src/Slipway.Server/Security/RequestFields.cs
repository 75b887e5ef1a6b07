using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Slipway.Server.Security;

/// <summary>
/// Reads named fields of a request (route values, then the query string, then a top-level JSON body field)
/// without consuming the body, so the endpoint still reads it. Only the authorization point's slower paths
/// (per-resource grants, audit) use it.
/// </summary>
public sealed class RequestFields
{
    private const int MaxBufferedBody = 64 * 1024 * 1024;

    private readonly HttpContext _context;
    private JsonDocument? _body;
    private bool _bodyRead;

    private const string ItemKey = "slipway.request-fields";

    /// <summary>The request's fields, read at most once per request.</summary>
    public static RequestFields Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var value) && value is RequestFields fields)
        {
            return fields;
        }

        fields = new RequestFields(context);
        context.Items[ItemKey] = fields;
        return fields;
    }

    private RequestFields(HttpContext context)
    {
        _context = context;
        context.Response.RegisterForDispose(new BodyOwner(this));
    }

    /// <summary>Every value given for the field: one for a scalar, several for a JSON array or a repeated query parameter.</summary>
    public async ValueTask<IReadOnlyList<string>> GetAllAsync(string name)
    {
        if (_context.Request.RouteValues.TryGetValue(name, out var routeValue) && routeValue?.ToString() is { } fromRoute)
        {
            return [fromRoute];
        }

        if (_context.Request.Query.TryGetValue(name, out var fromQuery) && fromQuery.Count > 0)
        {
            return [.. fromQuery.Where(v => v is not null).Select(v => v!)];
        }

        var body = await ReadBodyAsync();
        if (body is null || body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Number => [value.GetRawText()],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())],
            _ => [],
        };
    }

    public async ValueTask<string?> GetAsync(params string[] names)
    {
        foreach (var name in names)
        {
            if ((await GetAllAsync(name)) is [var first, ..])
            {
                return first;
            }
        }

        return null;
    }

    private async ValueTask<JsonDocument?> ReadBodyAsync()
    {
        if (_bodyRead)
        {
            return _body;
        }

        _bodyRead = true;
        var request = _context.Request;
        // Whatever the content type says: the MLflow reader parses any body as JSON, so this must see the same.
        // Artifact uploads (whose route carries the path) are files, never parsed.
        if (HttpMethods.IsGet(request.Method) || request.ContentLength is 0 or > MaxBufferedBody
            || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding"))
            || request.RouteValues.ContainsKey("path"))
        {
            return null;
        }

        request.EnableBuffering();
        try
        {
            _body = await JsonDocument.ParseAsync(request.Body, default, _context.RequestAborted);
        }
        catch (JsonException)
        {
            // A malformed body is the endpoint's to report, with its own message.
            _body = null;
        }
        finally
        {
            request.Body.Position = 0;
        }

        return _body;
    }

    private sealed class BodyOwner(RequestFields owner) : IDisposable
    {
        public void Dispose() => owner._body?.Dispose();
    }
}
