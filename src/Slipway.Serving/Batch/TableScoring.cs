using System.Data;
using System.Globalization;
using DuckDB.NET.Data;
using Slipway.Core.Errors;
using Slipway.Data;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Runtimes;

namespace Slipway.Serving.Batch;

/// <summary>
/// Scores one table file into one Parquet file, in an in-memory DuckDB database of its own:
/// <list type="number">
/// <item>the feature columns are read by one streamed query that casts them to the inputs' types, as Arrow batches
/// (DuckDB decodes Parquet on every core; a CSV file is parsed once, into a table, first);</item>
/// <item>rows gather into chunks; each chunk's tensors go through <see cref="SignatureCheck"/> and
/// <see cref="IModelRuntime.Predict"/>, the checks and the call online serving makes;</item>
/// <item>the outputs are appended to a staged table (<see cref="PredictionTable"/>);</item>
/// <item>one <c>COPY</c> writes the input table joined by position with the predictions (input columns first) to a
/// temporary file beside the output, which then replaces the output, so a failed or cancelled run leaves no partial file.</item>
/// </list>
/// The input columns are not carried through .NET at all: DuckDB copies them, whatever their types, and the staged
/// table holds only the predictions (4 bytes a row for each FP32 value; DuckDB spills them, and a staged CSV table, to
/// disk past its memory limit).
/// </summary>
internal sealed class TableScoring(IModelRuntime runtime, IReadOnlyList<string> featureColumns, int chunkRows)
{
    private const string StagedInput = "input_rows";

    /// <param name="scored">Called after each chunk with the rows of this file scored so far.</param>
    public async Task<TableScoringResult> RunAsync(TableFile input, string output, Action<long> scored, CancellationToken cancellationToken)
    {
        // The file is written under a temporary name, and DuckDB spills (should the staged rows outgrow its memory
        // limit) to a folder, both beside the output: that disk is known to be writable, and both go when the run ends.
        var directory = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(directory);
        var scratch = Path.Combine(directory, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}");
        try
        {
            return await RunAsync(input, output, scratch + ".tmp", scratch + ".spill", scored, cancellationToken);
        }
        finally
        {
            File.Delete(scratch + ".tmp");
            if (Directory.Exists(scratch + ".spill"))
            {
                Directory.Delete(scratch + ".spill", recursive: true);
            }
        }
    }

    private async Task<TableScoringResult> RunAsync(TableFile input, string output, string temporary, string spill, Action<long> scored, CancellationToken cancellationToken)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        try
        {
            // An in-memory database would otherwise spill to .tmp in the process's working directory.
            Execute(connection, $"SET temp_directory = {DuckDbSql.StringLiteral(spill)}", cancellationToken);
            string source;
            List<TableColumn> table;
            try
            {
                source = input.Scan;
                if (input.IsCsv)
                {
                    Execute(connection, $"CREATE TABLE {StagedInput} AS SELECT * FROM {input.Scan}", cancellationToken);
                    source = StagedInput;
                }

                table = Describe(connection, source);
            }
            catch (DuckDBException error) when (!cancellationToken.IsCancellationRequested)
            {
                throw Unreadable(input, error);
            }

            var bindings = ColumnMapping.Bind(runtime.Signature, featureColumns, table);
            var (rows, chunks, predictions) = await ScoreAsync(connection, input, source, table, bindings, scored, cancellationToken);
            using (predictions)
            {
                predictions.Close();
                cancellationToken.ThrowIfCancellationRequested();
                Write(connection, input, source, rows, temporary, cancellationToken);
                File.Move(temporary, output, overwrite: true);
                return new TableScoringResult(new ScoredFile(input.Path, output, rows), chunks, predictions.Columns);
            }
        }
        catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
        {
            // DuckDB reports an interrupted query as an error; the caller asked for it.
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private async Task<(long Rows, int Chunks, PredictionTable Predictions)> ScoreAsync(
        DuckDBConnection connection,
        TableFile input,
        string source,
        IReadOnlyList<TableColumn> table,
        IReadOnlyList<InputBinding> bindings,
        Action<long> scored,
        CancellationToken cancellationToken)
    {
        var inputs = bindings.Select(b => new InputChunk(b, chunkRows)).ToArray();
        PredictionTable? predictions = null;
        long rows = 0;
        var chunks = 0;
        var filled = 0;
        void Flush()
        {
            predictions = Score(connection, inputs, filled, predictions, table, cancellationToken);
            (rows, chunks, filled) = (rows + filled, chunks + 1, 0);
            scored(rows);
        }

        try
        {
            // The stream runs on a connection of its own: the appender on the first may not share it with a pending query.
            using (var reader = connection.Duplicate())
            {
                if (reader.State != ConnectionState.Open)
                {
                    reader.Open();
                }

                using var command = reader.CreateCommand();
                command.CommandText = $"SELECT {string.Join(", ", bindings.SelectMany(Projection))} FROM {source}";
                using var cancel = cancellationToken.Register(command.Cancel);
                try
                {
                    using var stream = command.ExecuteArrowStream();
                    while (await stream.ReadNextRecordBatchAsync(cancellationToken) is { } batch)
                    {
                        using (batch)
                        {
                            for (var from = 0; from < batch.Length;)
                            {
                                var take = Math.Min(batch.Length - from, chunkRows - filled);
                                foreach (var chunk in inputs)
                                {
                                    chunk.Fill(batch, from, take, filled, rows + filled);
                                }

                                filled += take;
                                from += take;
                                if (filled == chunkRows)
                                {
                                    Flush();
                                }
                            }
                        }
                    }
                }
                catch (DuckDBException error) when (!cancellationToken.IsCancellationRequested)
                {
                    throw Unconvertible(connection, source, bindings) ?? Unreadable(input, error);
                }
            }

            if (filled > 0)
            {
                Flush();
            }

            predictions ??= PredictionTable.Create(connection, runtime.Signature.Outputs, table.Select(c => c.Name));
            return (rows, chunks, predictions);
        }
        catch
        {
            predictions?.Dispose();
            throw;
        }
    }

    /// <summary>One call to the model, with the checks online serving makes first, and its outputs staged.</summary>
    private PredictionTable Score(DuckDBConnection connection, InputChunk[] inputs, int rows, PredictionTable? predictions, IReadOnlyList<TableColumn> table, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var tensors = inputs.Select(i => i.Tensor(rows)).ToArray();
        SignatureCheck.Validate(runtime.Signature, new InferenceRequest(tensors, []));
        var outputs = runtime.Predict(tensors, []);
        predictions ??= PredictionTable.Create(
            connection,
            [.. outputs.Select(o => new TensorSpec(o.Name, o.Datatype, o.Shape))],
            table.Select(c => c.Name));
        predictions.Append(outputs, rows);
        return predictions;
    }

    private static IEnumerable<string> Projection(InputBinding binding) =>
        binding.Columns.Select(c => $"CAST({DuckDbSql.Identifier(c.Name)} AS {DuckDbTypes.Of(binding.Spec.Datatype)})");

    /// <summary>
    /// After the feature query failed: the first feature column holding a value its input's type cannot take, with
    /// that value (DuckDB's own message names neither column nor row).
    /// </summary>
    private static SlipwayException? Unconvertible(DuckDBConnection connection, string source, IReadOnlyList<InputBinding> bindings)
    {
        foreach (var binding in bindings)
        {
            foreach (var column in binding.Columns)
            {
                var name = DuckDbSql.Identifier(column.Name);
                using var command = connection.CreateCommand();
                command.CommandText =
                    $"SELECT CAST({name} AS VARCHAR) FROM {source} WHERE {name} IS NOT NULL AND TRY_CAST({name} AS {DuckDbTypes.Of(binding.Spec.Datatype)}) IS NULL LIMIT 1";
                if (command.ExecuteScalar() is string value)
                {
                    return SlipwayException.Invalid(
                        $"Column '{column.Name}' ({column.Type}) holds the value '{value}', which is not a {binding.Spec.Datatype} for the model's input {binding.Spec}.");
                }
            }
        }

        return null;
    }

    /// <summary>Writes the input joined by position with the predictions, input columns first, to <paramref name="path"/>.</summary>
    private static void Write(DuckDBConnection connection, TableFile input, string source, long rows, string path, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT * FROM {source} POSITIONAL JOIN {PredictionTable.Name}) TO {DuckDbSql.StringLiteral(path)} (FORMAT parquet)";
        using var cancel = cancellationToken.Register(command.Cancel);
        long written = command.ExecuteNonQuery();
        if (written != rows)
        {
            // A positional join pads the shorter side with nulls; the file gained or lost rows between the two reads.
            throw SlipwayException.Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"'{input.Name}' changed while it was scored: {rows} rows were scored, but {written} were read again to be written."));
        }
    }

    private static List<TableColumn> Describe(DuckDBConnection connection, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})";
        using var reader = command.ExecuteReader();
        var columns = new List<TableColumn>();
        while (reader.Read())
        {
            columns.Add(new TableColumn(reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    private static void Execute(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var cancel = cancellationToken.Register(command.Cancel);
        command.ExecuteNonQuery();
    }

    private static SlipwayException Unreadable(TableFile input, DuckDBException error)
    {
        // DuckDB's first line says what is wrong; the rest echoes the query and the reader's settings.
        var reason = error.Message.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? error.Message;
        return new SlipwayException(
            ErrorCode.InvalidParameterValue,
            $"'{input.Name}' could not be read as {(input.IsCsv ? "CSV" : "Parquet")}: {reason.TrimEnd('.')}.",
            error);
    }
}
