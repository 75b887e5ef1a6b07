using System.Runtime.CompilerServices;
using Slipway.Client.Http;
using Slipway.Client.Wire;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>One page of audit log entries, oldest first (admins only).</summary>
    /// <param name="maxResults">Entries per page, 1 to 1000; null for the server's default (100).</param>
    public async Task<Page<AuditEvent>> QueryAuditEventsAsync(
        AuditFilter? filter = null, int? maxResults = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = AuditQuery(filter).Add("max_results", maxResults).Add("page_token", pageToken);
        var response = await NativeAsync(HttpMethod.Get, "audit" + query, WireJsonContext.Default.AuditEventsResponse, cancellationToken);
        return new Page<AuditEvent>(response.Events?.Select(e => e.ToDomain()).ToArray() ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>
    /// Every matching audit entry as one JSON object per line, oldest first, read as the server sends them
    /// (<c>GET /api/v1/audit/export</c>), so an export of millions of entries never sits in memory.
    /// </summary>
    public async IAsyncEnumerable<string> ExportAuditEventsAsync(
        AuditFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            HttpMethod.Get, NativeApi + "audit/export" + AuditQuery(filter), content: null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static QueryStringBuilder AuditQuery(AuditFilter? filter) => new QueryStringBuilder()
        .Add("from", filter?.From?.ToUnixTimeMilliseconds())
        .Add("to", filter?.To?.ToUnixTimeMilliseconds())
        .Add("actor", filter?.Actor)
        .Add("workspace", filter?.Workspace)
        .Add("action", filter?.Action);
}
