using System.Data.Common;
using System.Globalization;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Storage.Sql.Data;

/// <summary>data_catalog, data_versions, data_files and data_tags.</summary>
internal static class DatasetRepository
{
    private const string VersionColumns =
        "v.version, v.creation_time, v.creator, v.message, v.parent_version, v.file_count, v.total_bytes, v.metadata";

    // What refers to a version, children first.
    private static readonly string[] VersionTables = ["data_run_inputs", "data_tags", "data_files", "data_versions"];

    public static async Task<DatasetVersion> CreateVersionAsync(SqlSession session, string workspaceId, NewDatasetVersion version, CancellationToken cancellationToken)
    {
        DatasetReference.ValidateName(version.Dataset);
        var now = session.Options.NowMillis();
        await Workspace.EnsureAsync(session, workspaceId, now, cancellationToken);
        await session.ExecuteAsync(
            """
            INSERT INTO data_catalog (workspace_id, name, creation_time, last_updated_time, next_version)
            VALUES (@ws, @name, @now, @now, 1) ON CONFLICT (workspace_id, name) DO NOTHING
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", version.Dataset),
            ("@now", now));
        var key = await GetKeyAsync(session, workspaceId, version.Dataset, cancellationToken);
        if (version.ParentVersion is { } parent && !await VersionExistsAsync(session, key, parent, cancellationToken))
        {
            throw SlipwayException.Invalid($"Invalid parent version {parent}: dataset '{version.Dataset}' has no such version.");
        }

        var number = Convert.ToInt64(
            await session.ScalarAsync(
                "UPDATE data_catalog SET next_version = next_version + 1, last_updated_time = @now WHERE dataset_key = @key RETURNING next_version - 1",
                cancellationToken,
                ("@now", now),
                ("@key", key)),
            CultureInfo.InvariantCulture);
        var totalBytes = version.Files.Sum(f => f.Size);
        await session.ExecuteAsync(
            """
            INSERT INTO data_versions (dataset_key, version, creation_time, creator, message, parent_version, file_count, total_bytes, metadata)
            VALUES (@key, @version, @now, @creator, @message, @parent, @files, @bytes, @metadata)
            """,
            cancellationToken,
            ("@key", key),
            ("@version", number),
            ("@now", now),
            ("@creator", version.Creator),
            ("@message", version.Message),
            ("@parent", version.ParentVersion),
            ("@files", version.Files.Count),
            ("@bytes", totalBytes),
            ("@metadata", version.Metadata));
        await session.Dialect.InsertManifestAsync(session, key, number, version.Files, cancellationToken);
        await PointTagAsync(session, key, DatasetReference.LatestTag, number, cancellationToken);
        return await GetVersionAsync(session, workspaceId, version.Dataset, number, cancellationToken);
    }

    public static async Task<DatasetVersion> GetVersionAsync(SqlSession session, string workspaceId, string dataset, long version, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, dataset, cancellationToken);
        var versions = await ReadVersionsAsync(session, dataset, key, version, cancellationToken);
        return versions.Count == 1 ? versions[0] : throw VersionNotFound(dataset, version);
    }

    public static async Task<IReadOnlyList<DatasetVersion>> ListVersionsAsync(SqlSession session, string workspaceId, string dataset, CancellationToken cancellationToken) =>
        await ReadVersionsAsync(session, dataset, await GetKeyAsync(session, workspaceId, dataset, cancellationToken), null, cancellationToken);

    public static async Task<IReadOnlyList<ManifestEntry>> GetManifestAsync(SqlSession session, string workspaceId, string dataset, long version, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, dataset, cancellationToken);
        if (!await VersionExistsAsync(session, key, version, cancellationToken))
        {
            throw VersionNotFound(dataset, version);
        }

        var files = new List<ManifestEntry>();
        await using var reader = await session.ReadAsync(
            "SELECT path, size, content_hash, media_type FROM data_files WHERE dataset_key = @key AND version = @version ORDER BY path",
            cancellationToken,
            ("@key", key),
            ("@version", version));
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(new ManifestEntry(reader.GetString(0), reader.GetInt64(1), ContentHash.Parse(reader.GetString(2)), reader.GetString(3)));
        }

        return files;
    }

    public static async Task<IReadOnlyList<DatasetSummary>> ListAsync(SqlSession session, string workspaceId, CancellationToken cancellationToken)
    {
        var datasets = new List<DatasetSummary>();
        await using var reader = await session.ReadAsync(
            """
            SELECT c.name, t.version, c.creation_time, c.last_updated_time
            FROM data_catalog c JOIN data_tags t ON t.dataset_key = c.dataset_key AND t.tag = 'latest'
            WHERE c.workspace_id = @ws ORDER BY c.name
            """,
            cancellationToken,
            ("@ws", workspaceId));
        while (await reader.ReadAsync(cancellationToken))
        {
            datasets.Add(new DatasetSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return datasets;
    }

    public static async Task SetTagAsync(SqlSession session, string workspaceId, string dataset, string tag, long version, CancellationToken cancellationToken)
    {
        DatasetReference.ValidateTag(tag);
        var key = await GetKeyAsync(session, workspaceId, dataset, cancellationToken);
        if (!await VersionExistsAsync(session, key, version, cancellationToken))
        {
            throw VersionNotFound(dataset, version);
        }

        await PointTagAsync(session, key, tag, version, cancellationToken);
    }

    public static async Task<long> ResolveTagAsync(SqlSession session, string workspaceId, string dataset, string tag, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, dataset, cancellationToken);
        var version = await session.ScalarAsync(
            "SELECT version FROM data_tags WHERE dataset_key = @key AND tag = @tag",
            cancellationToken,
            ("@key", key),
            ("@tag", tag));
        return version is null
            ? throw SlipwayException.NotFound($"Dataset '{dataset}' has no tag '{tag}'.")
            : Convert.ToInt64(version, CultureInfo.InvariantCulture);
    }

    public static async Task DeleteVersionAsync(SqlSession session, string workspaceId, string dataset, long version, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, dataset, cancellationToken);
        if (!await VersionExistsAsync(session, key, version, cancellationToken))
        {
            throw VersionNotFound(dataset, version);
        }

        foreach (var table in VersionTables)
        {
            await session.ExecuteAsync($"DELETE FROM {table} WHERE dataset_key = @key AND version = @version", cancellationToken, ("@key", key), ("@version", version));
        }

        var newest = await session.ScalarAsync("SELECT MAX(version) FROM data_versions WHERE dataset_key = @key", cancellationToken, ("@key", key));
        if (newest is not null)
        {
            await PointTagAsync(session, key, DatasetReference.LatestTag, Convert.ToInt64(newest, CultureInfo.InvariantCulture), cancellationToken);
        }

        await session.ExecuteAsync(
            "UPDATE data_catalog SET last_updated_time = @now WHERE dataset_key = @key",
            cancellationToken,
            ("@now", session.Options.NowMillis()),
            ("@key", key));
    }

    public static async Task DeleteTagAsync(SqlSession session, string workspaceId, string dataset, string tag, CancellationToken cancellationToken)
    {
        if (string.Equals(tag, DatasetReference.LatestTag, StringComparison.Ordinal))
        {
            throw SlipwayException.Invalid($"The '{DatasetReference.LatestTag}' tag always names the newest version and cannot be removed.");
        }

        var key = await GetKeyAsync(session, workspaceId, dataset, cancellationToken);
        var removed = await session.ExecuteAsync("DELETE FROM data_tags WHERE dataset_key = @key AND tag = @tag", cancellationToken, ("@key", key), ("@tag", tag));
        if (removed == 0)
        {
            throw SlipwayException.NotFound($"Dataset '{dataset}' has no tag '{tag}'.");
        }
    }

    /// <summary>
    /// Asks in batches of a fixed size (the last hash repeated to fill a batch), so every batch runs the same cached
    /// statement on either database.
    /// </summary>
    public static async Task<IReadOnlySet<ContentHash>> FindReferencedAsync(
        SqlSession session, string workspaceId, IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken)
    {
        const int BatchSize = 256;
        var referenced = new HashSet<ContentHash>();
        var all = hashes.Distinct().ToArray();
        var sql = string.Concat(
            "SELECT DISTINCT f.content_hash FROM data_files f JOIN data_catalog c ON c.dataset_key = f.dataset_key WHERE c.workspace_id = @ws AND f.content_hash IN (",
            string.Join(", ", Enumerable.Range(0, BatchSize).Select(i => "@h" + i.ToString(CultureInfo.InvariantCulture))),
            ")");
        for (var start = 0; start < all.Length; start += BatchSize)
        {
            var parameters = new (string, object?)[BatchSize + 1];
            parameters[0] = ("@ws", workspaceId);
            for (var i = 0; i < BatchSize; i++)
            {
                parameters[i + 1] = ("@h" + i.ToString(CultureInfo.InvariantCulture), all[Math.Min(start + i, all.Length - 1)].Hex);
            }

            await using var reader = await session.ReadAsync(sql, cancellationToken, parameters);
            while (await reader.ReadAsync(cancellationToken))
            {
                referenced.Add(ContentHash.Parse(reader.GetString(0)));
            }
        }

        return referenced;
    }

    public static async Task LinkRunAsync(SqlSession session, string workspaceId, string runId, IReadOnlyList<DatasetVersionId> versions, CancellationToken cancellationToken)
    {
        var now = session.Options.NowMillis();
        foreach (var version in versions)
        {
            var key = await GetKeyAsync(session, workspaceId, version.Dataset, cancellationToken);
            if (!await VersionExistsAsync(session, key, version.Version, cancellationToken))
            {
                throw VersionNotFound(version.Dataset, version.Version);
            }

            await session.ExecuteAsync(
                """
                INSERT INTO data_run_inputs (dataset_key, version, run_id, creation_time) VALUES (@key, @version, @run, @now)
                ON CONFLICT (dataset_key, version, run_id) DO NOTHING
                """,
                cancellationToken,
                ("@key", key),
                ("@version", version.Version),
                ("@run", runId),
                ("@now", now));
        }
    }

    public static async Task<IReadOnlyList<string>> ListVersionRunsAsync(SqlSession session, string workspaceId, string dataset, long version, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, dataset, cancellationToken);
        if (!await VersionExistsAsync(session, key, version, cancellationToken))
        {
            throw VersionNotFound(dataset, version);
        }

        var runs = new List<string>();
        await using var reader = await session.ReadAsync(
            "SELECT run_id FROM data_run_inputs WHERE dataset_key = @key AND version = @version ORDER BY creation_time, run_id",
            cancellationToken,
            ("@key", key),
            ("@version", version));
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(reader.GetString(0));
        }

        return runs;
    }

    public static async Task<IReadOnlyList<DatasetVersionId>> ListRunVersionsAsync(SqlSession session, string workspaceId, string runId, CancellationToken cancellationToken)
    {
        var versions = new List<DatasetVersionId>();
        await using var reader = await session.ReadAsync(
            """
            SELECT c.name, i.version FROM data_run_inputs i JOIN data_catalog c ON c.dataset_key = i.dataset_key
            WHERE i.run_id = @run AND c.workspace_id = @ws ORDER BY c.name, i.version
            """,
            cancellationToken,
            ("@run", runId),
            ("@ws", workspaceId));
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new DatasetVersionId(reader.GetString(0), reader.GetInt64(1)));
        }

        return versions;
    }

    private static Task<int> PointTagAsync(SqlSession session, long key, string tag, long version, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO data_tags (dataset_key, tag, version) VALUES (@key, @tag, @version)
            ON CONFLICT (dataset_key, tag) DO UPDATE SET version = excluded.version
            """,
            cancellationToken,
            ("@key", key),
            ("@tag", tag),
            ("@version", version));

    private static async Task<long> GetKeyAsync(SqlSession session, string workspaceId, string dataset, CancellationToken cancellationToken)
    {
        var key = await session.ScalarAsync(
            "SELECT dataset_key FROM data_catalog WHERE workspace_id = @ws AND name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", dataset));
        return key is null ? throw SlipwayException.NotFound($"Dataset '{dataset}' not found.") : Convert.ToInt64(key, CultureInfo.InvariantCulture);
    }

    private static async Task<bool> VersionExistsAsync(SqlSession session, long key, long version, CancellationToken cancellationToken) =>
        await session.ScalarAsync(
            "SELECT 1 FROM data_versions WHERE dataset_key = @key AND version = @version",
            cancellationToken,
            ("@key", key),
            ("@version", version)) is not null;

    private static async Task<IReadOnlyList<DatasetVersion>> ReadVersionsAsync(SqlSession session, string dataset, long key, long? version, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<long, List<string>>();
        await using (var reader = await session.ReadAsync("SELECT version, tag FROM data_tags WHERE dataset_key = @key ORDER BY tag", cancellationToken, ("@key", key)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var number = reader.GetInt64(0);
                if (!tags.TryGetValue(number, out var list))
                {
                    tags[number] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        var versions = new List<DatasetVersion>();
        await using (var reader = await session.ReadAsync(
            $"SELECT {VersionColumns} FROM data_versions v WHERE v.dataset_key = @key{(version is null ? string.Empty : " AND v.version = @version")} ORDER BY v.version DESC",
            cancellationToken,
            ("@key", key),
            ("@version", version ?? 0)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(Read(reader, dataset, tags));
            }
        }

        return versions;
    }

    private static DatasetVersion Read(DbDataReader reader, string dataset, Dictionary<long, List<string>> tags)
    {
        var number = reader.GetInt64(0);
        return new DatasetVersion(
            dataset,
            number,
            reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4),
            checked((int)reader.GetInt64(5)),
            reader.GetInt64(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            tags.TryGetValue(number, out var list) ? list : []);
    }

    private static SlipwayException VersionNotFound(string dataset, long version) =>
        SlipwayException.NotFound(string.Create(CultureInfo.InvariantCulture, $"Dataset '{dataset}' has no version {version}."));
}
