using System.Globalization;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// Datasets (one row per experiment, name and digest) and the inputs linking them to runs, with input tags
/// such as <c>mlflow.data.context</c>.
/// </summary>
internal static class DatasetInputRepository
{
    /// <summary>Links each dataset to the run; a dataset already linked to the run is left as it is.</summary>
    public static async Task LogAsync(SqlSession session, string workspaceId, string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken)
    {
        var runKey = await RunRepository.GetActiveKeyAsync(session, workspaceId, runId, cancellationToken);
        var experimentId = Convert.ToInt64(
            await session.ScalarAsync("SELECT experiment_id FROM runs WHERE run_key = @run", cancellationToken, ("@run", runKey)),
            CultureInfo.InvariantCulture);
        foreach (var input in inputs)
        {
            var datasetId = await FindOrAddDatasetAsync(session, experimentId, input.Dataset, cancellationToken);
            var linked = await session.ScalarAsync(
                "INSERT INTO run_inputs (run_key, dataset_id) VALUES (@run, @dataset) ON CONFLICT DO NOTHING RETURNING dataset_id",
                cancellationToken,
                ("@run", runKey),
                ("@dataset", datasetId));
            if (linked is null)
            {
                continue;
            }

            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in input.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            foreach (var (key, value) in tags)
            {
                await session.ExecuteAsync(
                    "INSERT INTO run_input_tags (run_key, dataset_id, key, value) VALUES (@run, @dataset, @key, @value)",
                    cancellationToken,
                    ("@run", runKey),
                    ("@dataset", datasetId),
                    ("@key", key),
                    ("@value", value));
            }
        }
    }

    public static async Task<Dictionary<long, List<DatasetInput>>> LoadAsync(SqlSession session, IReadOnlyCollection<long> runKeys, CancellationToken cancellationToken)
    {
        var datasets = await KeyedRows.LoadAsync(
            session,
            """
            SELECT i.run_key, i.dataset_id, d.name, d.digest, d.source_type, d.source, d.schema, d.profile
            FROM run_inputs i JOIN datasets d ON d.dataset_id = i.dataset_id
            WHERE {keys} ORDER BY i.run_key, i.dataset_id
            """,
            "i.run_key",
            runKeys,
            reader => (Id: reader.GetInt64(1), Dataset: new Dataset(
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetNullableString(6),
                reader.GetNullableString(7))),
            cancellationToken);
        if (datasets.Count == 0)
        {
            return datasets.ToDictionary(d => d.Key, _ => new List<DatasetInput>());
        }

        var tags = await KeyedRows.LoadAsync(
            session,
            "SELECT run_key, dataset_id, key, value FROM run_input_tags WHERE {keys} ORDER BY run_key, dataset_id, key",
            "run_key",
            datasets.Keys,
            reader => (DatasetId: reader.GetInt64(1), Tag: new Tag(reader.GetString(2), reader.GetString(3))),
            cancellationToken);

        var result = new Dictionary<long, List<DatasetInput>>(datasets.Count);
        foreach (var (runKey, runDatasets) in datasets)
        {
            var runTags = tags.For(runKey);
            result[runKey] = [.. runDatasets.Select(d => new DatasetInput(
                d.Dataset,
                [.. runTags.Where(t => t.DatasetId == d.Id).Select(t => t.Tag)]))];
        }

        return result;
    }

    private static async Task<long> FindOrAddDatasetAsync(SqlSession session, long experimentId, Dataset dataset, CancellationToken cancellationToken)
    {
        var id = await session.ScalarAsync(
            """
            INSERT INTO datasets (experiment_id, name, digest, source_type, source, schema, profile)
            VALUES (@experiment, @name, @digest, @sourceType, @source, @schema, @profile)
            ON CONFLICT (experiment_id, name, digest) DO NOTHING
            RETURNING dataset_id
            """,
            cancellationToken,
            ("@experiment", experimentId),
            ("@name", dataset.Name),
            ("@digest", dataset.Digest),
            ("@sourceType", dataset.SourceType),
            ("@source", dataset.Source),
            ("@schema", dataset.Schema),
            ("@profile", dataset.Profile));
        id ??= await session.ScalarAsync(
            "SELECT dataset_id FROM datasets WHERE experiment_id = @experiment AND name = @name AND digest = @digest",
            cancellationToken,
            ("@experiment", experimentId),
            ("@name", dataset.Name),
            ("@digest", dataset.Digest));
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }
}
