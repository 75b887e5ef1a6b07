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
        foreach (var file in version.Files)
        {
            await session.ExecuteAsync(
                "INSERT INTO data_files (dataset_key, version, path, size, content_hash, media_type) VALUES (@key, @version, @path, @size, @hash, @type)",
                cancellationToken,
                ("@key", key),
                ("@version", number),
                ("@path", file.Path),
                ("@size", file.Size),
                ("@hash", file.Hash.Hex),
                ("@type", file.MediaType));
        }

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
        var data_catalog = new List<DatasetSummary>();
        await using var reader = await session.ReadAsync(
            "SELECT name, next_version - 1, creation_time, last_updated_time FROM data_catalog WHERE workspace_id = @ws ORDER BY name",
            cancellationToken,
            ("@ws", workspaceId));
        while (await reader.ReadAsync(cancellationToken))
        {
            data_catalog.Add(new DatasetSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return data_catalog;
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
