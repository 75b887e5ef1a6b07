using System.Data.Common;
using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Serving;

namespace Slipway.Storage.Sql.Serving;

/// <summary>deployments and deployment_revisions.</summary>
internal static class DeploymentRepository
{
    private const string Created = "created";

    private const string Columns =
        "name, description, revision, spec, creation_time, last_updated_time, created_by, updated_by";

    private const string RevisionColumns = "revision, spec, creation_time, created_by, change";

    public static async Task<Deployment> CreateAsync(
        SqlSession session, string workspaceId, string name, string? description, DeploymentSpec spec, string? user, CancellationToken cancellationToken)
    {
        DeploymentNames.Validate(name);
        DeploymentSpecRules.Validate(spec);
        var now = session.Options.NowMillis();
        var json = DeploymentSpecJson.Write(spec);
        await Workspace.EnsureAsync(session, workspaceId, now, cancellationToken);
        var inserted = await session.ScalarAsync(
            """
            INSERT INTO deployments (workspace_id, name, description, revision, spec, created_by, updated_by, creation_time, last_updated_time)
            VALUES (@ws, @name, @description, 1, @spec, @user, @user, @now, @now)
            ON CONFLICT DO NOTHING
            RETURNING name
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name),
            ("@description", description),
            ("@spec", json),
            ("@user", user),
            ("@now", now));
        if (inserted is null)
        {
            throw SlipwayException.AlreadyExists($"Deployment '{name}' already exists.");
        }

        await InsertRevisionAsync(session, workspaceId, name, 1, json, user, now, Created, cancellationToken);
        return new Deployment(name, description, 1, spec, now, now, user, user);
    }

    /// <summary>
    /// Bumps the revision first: on PostgreSQL the row lock makes a concurrent update wait, then see the new
    /// revision, so two updates never claim the same number and an expected revision is checked against the latest.
    /// </summary>
    public static async Task<Deployment> UpdateAsync(
        SqlSession session,
        string workspaceId,
        string name,
        DeploymentSpec spec,
        string? description,
        string? user,
        string change,
        long? expectedRevision,
        CancellationToken cancellationToken)
    {
        DeploymentSpecRules.Validate(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(change);
        var now = session.Options.NowMillis();
        var json = DeploymentSpecJson.Write(spec);
        (string Name, object? Value)[] parameters = expectedRevision is { } expected
            ? [("@spec", json), ("@description", description), ("@user", user), ("@now", now), ("@ws", workspaceId), ("@name", name), ("@expected", expected)]
            : [("@spec", json), ("@description", description), ("@user", user), ("@now", now), ("@ws", workspaceId), ("@name", name)];
        Deployment? updated;
        await using (var reader = await session.ReadAsync(
            $"""
            UPDATE deployments
            SET revision = revision + 1, spec = @spec, description = COALESCE(@description, description), updated_by = @user, last_updated_time = @now
            WHERE workspace_id = @ws AND name = @name{(expectedRevision is null ? "" : " AND revision = @expected")}
            RETURNING {Columns}
            """,
            cancellationToken,
            parameters))
        {
            updated = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }

        if (updated is null)
        {
            var current = await CurrentRevisionAsync(session, workspaceId, name, cancellationToken) ?? throw NotFound(name);
            throw SlipwayException.Invalid(
                $"Deployment '{name}' changed meanwhile: revision {current} is current, not revision {expectedRevision}. Get it again and reapply the change.");
        }

        await InsertRevisionAsync(session, workspaceId, name, updated.Revision, json, user, now, change, cancellationToken);
        return updated;
    }

    public static async Task<Deployment> GetAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            $"SELECT {Columns} FROM deployments WHERE workspace_id = @ws AND name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name));
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : throw NotFound(name);
    }

    public static async Task<IReadOnlyList<Deployment>> ListAsync(SqlSession session, string workspaceId, CancellationToken cancellationToken)
    {
        var deployments = new List<Deployment>();
        await using var reader = await session.ReadAsync(
            $"SELECT {Columns} FROM deployments WHERE workspace_id = @ws ORDER BY name",
            cancellationToken,
            ("@ws", workspaceId));
        while (await reader.ReadAsync(cancellationToken))
        {
            deployments.Add(Read(reader));
        }

        return deployments;
    }

    public static async Task<IReadOnlyList<(string WorkspaceId, Deployment Deployment)>> ListAllAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var deployments = new List<(string, Deployment)>();
        await using var reader = await session.ReadAsync(
            $"SELECT {Columns}, workspace_id FROM deployments ORDER BY workspace_id, name",
            cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deployments.Add((reader.GetString(8), Read(reader)));
        }

        return deployments;
    }

    public static async Task<IReadOnlyList<DeploymentRevision>> ListRevisionsAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken)
    {
        // Without this an unknown deployment would look like one with no history.
        if (await CurrentRevisionAsync(session, workspaceId, name, cancellationToken) is null)
        {
            throw NotFound(name);
        }

        var revisions = new List<DeploymentRevision>();
        await using var reader = await session.ReadAsync(
            $"SELECT {RevisionColumns} FROM deployment_revisions WHERE workspace_id = @ws AND name = @name ORDER BY revision DESC",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name));
        while (await reader.ReadAsync(cancellationToken))
        {
            revisions.Add(ReadRevision(reader));
        }

        return revisions;
    }

    public static async Task<DeploymentRevision> GetRevisionAsync(SqlSession session, string workspaceId, string name, long revision, CancellationToken cancellationToken)
    {
        await using (var reader = await session.ReadAsync(
            $"SELECT {RevisionColumns} FROM deployment_revisions WHERE workspace_id = @ws AND name = @name AND revision = @revision",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name),
            ("@revision", revision)))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return ReadRevision(reader);
            }
        }

        return await CurrentRevisionAsync(session, workspaceId, name, cancellationToken) is { } current
            ? throw SlipwayException.NotFound($"Deployment '{name}' has no revision {revision}; its revisions are 1 to {current}.")
            : throw NotFound(name);
    }

    /// <summary>Revisions first: they refer to the deployment.</summary>
    public static async Task DeleteAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(
            "DELETE FROM deployment_revisions WHERE workspace_id = @ws AND name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name));
        var removed = await session.ExecuteAsync(
            "DELETE FROM deployments WHERE workspace_id = @ws AND name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name));
        if (removed == 0)
        {
            throw NotFound(name);
        }
    }

    public static SlipwayException NotFound(string name) => SlipwayException.NotFound($"Deployment '{name}' not found.");

    private static async Task<long?> CurrentRevisionAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken) =>
        await session.ScalarAsync(
            "SELECT revision FROM deployments WHERE workspace_id = @ws AND name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name)) is { } revision
            ? Convert.ToInt64(revision, CultureInfo.InvariantCulture)
            : null;

    private static Task<int> InsertRevisionAsync(
        SqlSession session, string workspaceId, string name, long revision, string spec, string? user, long now, string change, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO deployment_revisions (workspace_id, name, revision, spec, created_by, creation_time, change)
            VALUES (@ws, @name, @revision, @spec, @user, @now, @change)
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name),
            ("@revision", revision),
            ("@spec", spec),
            ("@user", user),
            ("@now", now),
            ("@change", change));

    private static Deployment Read(DbDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetNullableString(1),
            reader.GetInt64(2),
            DeploymentSpecJson.Read(reader.GetString(3)),
            reader.GetInt64(4),
            reader.GetInt64(5),
            reader.GetNullableString(6),
            reader.GetNullableString(7));

    private static DeploymentRevision ReadRevision(DbDataReader reader) =>
        new(reader.GetInt64(0), DeploymentSpecJson.Read(reader.GetString(1)), reader.GetInt64(2), reader.GetNullableString(3), reader.GetString(4));
}
