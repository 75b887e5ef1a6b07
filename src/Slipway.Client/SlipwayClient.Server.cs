using System.Text.Json;
using Slipway.Core.Errors;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>The server's version and configuration summary (<c>/api/v1/server-info</c>).</summary>
    public async Task<ServerInfo> GetServerInfoAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "api/v1/server-info", content: null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    properties[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                        _ => property.Value.GetRawText(),
                    };
                }
            }

            return new ServerInfo(properties.GetValueOrDefault("version"), properties);
        }
        catch (JsonException ex)
        {
            throw new SlipwayException(ErrorCode.InternalError, $"Unexpected server-info response from {BaseUri}: {ex.Message}", ex);
        }
    }

    /// <summary>True when the server process answers <c>/health/live</c> with success.</summary>
    public Task<bool> IsLiveAsync(CancellationToken cancellationToken = default) => ProbeAsync("health/live", cancellationToken);

    /// <summary>True when the server and its stores are ready (<c>/health/ready</c>); false while starting or degraded.</summary>
    public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => ProbeAsync("health/ready", cancellationToken);

    private async Task<bool> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, content: null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
