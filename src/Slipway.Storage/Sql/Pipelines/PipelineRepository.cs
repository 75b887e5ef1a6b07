using System.Data.Common;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;

namespace Slipway.Storage.Sql.Pipelines;

/// <summary>pipelines, and what hangs off a registration: pipeline_trigger_firings and pipeline_webhooks.</summary>
internal static class PipelineRepository
{
    private const string Columns = "name, spec, creator, creation_time, last_updated_time, code";

    private const string WebhookColumns = "webhook_id, workspace_id, pipeline, token_hash, creator, creation_time";

    // What a registration owns besides its row; runs and cached step results outlive it.
    private static readonly string[] RegistrationTables = ["pipeline_webhooks", "pipeline_trigger_firings"];

    /// <summary>One statement: a new registration, or a new spec for an existing one (its creator and creation time stay).</summary>
    public static async Task<PipelineDefinition> SaveAsync(SqlSession session, string workspaceId, string name, string spec, string? creator, string? code, CancellationToken cancellationToken)
    {
        PipelineNames.Validate(name);
        ArgumentNullException.ThrowIfNull(spec);
        var now = session.Options.NowMillis();
        await Workspace.EnsureAsync(session, workspaceId, now, cancellationToken);
        await using var reader = await session.ReadAsync(
            $"""
            INSERT INTO pipelines (workspace_id, name, spec, creator, creation_time, last_updated_time, code)
            VALUES (@ws, @name, @spec, @creator, @now, @now, @code)
            ON CONFLICT (workspace_id, name) DO UPDATE SET spec = excluded.spec, code = excluded.code, last_updated_time = excluded.last_updated_time
            RETURNING {Columns}
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name),
            ("@spec", spec),
            ("@creator", creator),
            ("@code", code),
            ("@now", now));
        return await reader.ReadAsync(cancellationToken)
            ? Read(reader)
            : throw new InvalidOperationException($"Saving pipeline '{name}' returned no row.");
    }

    public static async Task<PipelineDefinition> GetAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            $"SELECT {Columns} FROM pipelines WHERE workspace_id = @ws AND name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name));
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : throw NotFound(name);
    }

    public static async Task<IReadOnlyList<PipelineDefinition>> ListAsync(SqlSession session, string workspaceId, CancellationToken cancellationToken)
    {
        var pipelines = new List<PipelineDefinition>();
        await using var reader = await session.ReadAsync(
            $"SELECT {Columns} FROM pipelines WHERE workspace_id = @ws ORDER BY name",
            cancellationToken,
            ("@ws", workspaceId));
        while (await reader.ReadAsync(cancellationToken))
        {
            pipelines.Add(Read(reader));
        }

        return pipelines;
    }

    public static async Task<IReadOnlyList<(string WorkspaceId, PipelineDefinition Pipeline)>> ListAllAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var pipelines = new List<(string, PipelineDefinition)>();
        await using var reader = await session.ReadAsync(
            $"SELECT {Columns}, workspace_id FROM pipelines ORDER BY workspace_id, name",
            cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pipelines.Add((reader.GetString(6), Read(reader)));
        }

        return pipelines;
    }

    /// <summary>Removes the registration with its webhooks and trigger state; runs and cached step results stay.</summary>
    public static async Task DeleteAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken)
    {
        var removed = await session.ExecuteAsync(
            "DELETE FROM pipelines WHERE workspace_id = @ws AND name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name));
        if (removed == 0)
        {
            throw NotFound(name);
        }

        foreach (var table in RegistrationTables)
        {
            await session.ExecuteAsync(
                $"DELETE FROM {table} WHERE workspace_id = @ws AND pipeline = @name",
                cancellationToken,
                ("@ws", workspaceId),
                ("@name", name));
        }
    }

    public static async Task<IReadOnlyDictionary<string, long>> GetTriggerFiringsAsync(SqlSession session, string workspaceId, string pipeline, CancellationToken cancellationToken)
    {
        var firings = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await session.ReadAsync(
            "SELECT trigger_key, last_fired_time FROM pipeline_trigger_firings WHERE workspace_id = @ws AND pipeline = @pipeline",
            cancellationToken,
            ("@ws", workspaceId),
            ("@pipeline", pipeline));
        while (await reader.ReadAsync(cancellationToken))
        {
            firings[reader.GetString(0)] = reader.GetInt64(1);
        }

        return firings;
    }

    public static async Task RecordTriggerFiringAsync(SqlSession session, string workspaceId, string pipeline, string triggerKey, long time, CancellationToken cancellationToken)
    {
        await Workspace.EnsureAsync(session, workspaceId, session.Options.NowMillis(), cancellationToken);
        await session.ExecuteAsync(
            """
            INSERT INTO pipeline_trigger_firings (workspace_id, pipeline, trigger_key, last_fired_time) VALUES (@ws, @pipeline, @key, @time)
            ON CONFLICT (workspace_id, pipeline, trigger_key) DO UPDATE SET last_fired_time = excluded.last_fired_time
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@pipeline", pipeline),
            ("@key", triggerKey),
            ("@time", time));
    }

    public static async Task CreateWebhookAsync(SqlSession session, PipelineWebhook webhook, CancellationToken cancellationToken)
    {
        await Workspace.EnsureAsync(session, webhook.WorkspaceId, session.Options.NowMillis(), cancellationToken);
        var inserted = await session.ScalarAsync(
            """
            INSERT INTO pipeline_webhooks (webhook_id, workspace_id, pipeline, token_hash, creator, creation_time)
            VALUES (@id, @ws, @pipeline, @hash, @creator, @time)
            ON CONFLICT DO NOTHING
            RETURNING webhook_id
            """,
            cancellationToken,
            ("@id", webhook.Id),
            ("@ws", webhook.WorkspaceId),
            ("@pipeline", webhook.Pipeline),
            ("@hash", webhook.TokenHash),
            ("@creator", webhook.Creator),
            ("@time", webhook.CreationTime));
        if (inserted is null)
        {
            throw SlipwayException.AlreadyExists($"Webhook '{webhook.Id}' already exists.");
        }
    }

    public static async Task<PipelineWebhook?> FindWebhookAsync(SqlSession session, string id, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            $"SELECT {WebhookColumns} FROM pipeline_webhooks WHERE webhook_id = @id",
            cancellationToken,
            ("@id", id));
        return await reader.ReadAsync(cancellationToken) ? ReadWebhook(reader) : null;
    }

    public static async Task<IReadOnlyList<PipelineWebhook>> ListWebhooksAsync(SqlSession session, string workspaceId, string pipeline, CancellationToken cancellationToken)
    {
        var webhooks = new List<PipelineWebhook>();
        await using var reader = await session.ReadAsync(
            $"SELECT {WebhookColumns} FROM pipeline_webhooks WHERE workspace_id = @ws AND pipeline = @pipeline ORDER BY creation_time, webhook_id",
            cancellationToken,
            ("@ws", workspaceId),
            ("@pipeline", pipeline));
        while (await reader.ReadAsync(cancellationToken))
        {
            webhooks.Add(ReadWebhook(reader));
        }

        return webhooks;
    }

    public static async Task DeleteWebhookAsync(SqlSession session, string workspaceId, string id, CancellationToken cancellationToken)
    {
        var removed = await session.ExecuteAsync(
            "DELETE FROM pipeline_webhooks WHERE workspace_id = @ws AND webhook_id = @id",
            cancellationToken,
            ("@ws", workspaceId),
            ("@id", id));
        if (removed == 0)
        {
            throw SlipwayException.NotFound($"Webhook '{id}' not found.");
        }
    }

    public static SlipwayException NotFound(string name) => SlipwayException.NotFound($"Pipeline '{name}' not found.");

    private static PipelineDefinition Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetNullableString(5));

    private static PipelineWebhook ReadWebhook(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4), reader.GetInt64(5));
}
