using System.Globalization;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Storage.Sql.Security;

/// <summary>The audit_events table.</summary>
internal static class AuditEventRepository
{
    public static async Task AppendAsync(SqlSession session, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        foreach (var entry in events)
        {
            await session.ExecuteAsync(
                """
                INSERT INTO audit_events (time, actor, workspace_id, action, resource, outcome, client_address, details)
                VALUES (@time, @actor, @ws, @action, @resource, @outcome, @client, @details)
                """,
                cancellationToken,
                ("@time", entry.Time),
                ("@actor", entry.Actor),
                ("@ws", entry.WorkspaceId),
                ("@action", entry.Action),
                ("@resource", entry.Resource),
                ("@outcome", entry.Outcome),
                ("@client", entry.ClientAddress),
                ("@details", entry.Details));
        }
    }

    public static async Task<Page<AuditEvent>> QueryAsync(SqlSession session, AuditQuery query, CancellationToken cancellationToken)
    {
        var sql = new SqlQuery().Append("SELECT event_id, time, actor, workspace_id, action, resource, outcome, client_address, details FROM audit_events WHERE 1 = 1");
        AndIf(sql, "event_id >", query.AfterId);
        AndIf(sql, "time >=", query.From);
        AndIf(sql, "time <", query.To);
        AndIf(sql, "actor =", query.Actor);
        AndIf(sql, "workspace_id =", query.WorkspaceId);
        AndIf(sql, "action =", query.Action);

        // One more than asked, to know whether a next page exists.
        sql.Append(" ORDER BY event_id LIMIT ").Append(sql.Bind(query.MaxResults + 1));
        var events = new List<AuditEvent>();
        await using (var reader = await session.ReadAsync(sql, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new AuditEvent(
                    reader.GetInt64(0),
                    reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }

        if (events.Count <= query.MaxResults)
        {
            return new Page<AuditEvent>(events, null);
        }

        events.RemoveAt(events.Count - 1);
        return new Page<AuditEvent>(events, events[^1].Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Adds "AND <paramref name="comparison"/> value" when a value is given.</summary>
    private static void AndIf(SqlQuery sql, string comparison, object? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(comparison).Append(" ").Append(sql.Bind(value));
        }
    }
}
