using System.Text;
using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols.Elements;

namespace Slipway.Serving.Protocols;

/// <summary>
/// MLflow's scoring server protocol, <c>POST /invocations</c>: the bodies <c>mlflow models serve</c> takes, decoded
/// into the model's inputs by its signature, and its <c>{"predictions": ...}</c> answer.
/// </summary>
/// <remarks>
/// <para>JSON bodies (<c>application/json</c>) carry exactly one of:</para>
/// <list type="bullet">
/// <item><c>dataframe_split</c>: <c>{"columns": [...], "data": [[...], ...]}</c> (<c>index</c> ignored);</item>
/// <item><c>dataframe_records</c>: <c>[{"column": value, ...}, ...]</c>;</item>
/// <item><c>instances</c>: rows, as KServe V1 takes them (see <see cref="V1Codec"/>);</item>
/// <item><c>inputs</c>: a list (the same rows) or an object naming each input's whole tensor as nested lists;</item>
/// </list>
/// <para>and optionally <c>params</c>, which become the request's parameters. A <c>text/csv</c> body is a dataframe
/// with a header row. Dataframe columns feed inputs as <see cref="ColumnPlan"/> describes: a single <c>[-1, k]</c>
/// input takes k columns (by the model's declared feature column order when it has one, else the dataframe's order);
/// otherwise each input takes the column of its name. A missing or null cell is NaN for a floating-point input and an
/// error otherwise. Errors are <see cref="SlipwayException"/> INVALID_PARAMETER_VALUE naming the column and row (rows
/// count from 0; CSV errors give the line too).</para>
/// </remarks>
public static class MlflowInvocationsCodec
{
    private const string Expected = "a JSON object with one of dataframe_split, dataframe_records, instances or inputs";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether the body's content type is one this codec reads: <c>application/json</c> or <c>text/csv</c>, any parameters, or none (taken as JSON).</summary>
    public static bool IsSupportedContentType(string? contentType) => IsJson(contentType) || IsCsv(contentType);

    /// <param name="body">The request body.</param>
    /// <param name="contentType">The request's Content-Type; <c>text/csv</c> reads CSV, anything JSON (or none) reads JSON.</param>
    /// <param name="signature">The model's inputs, which give each value its datatype and shape.</param>
    /// <param name="featureColumns">The column names a model with one <c>[-1, k]</c> input declares, in the order of the input's k positions; null when it declares none.</param>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE for a body the signature cannot take, naming the column (or input) and row.</exception>
    public static InferenceRequest ReadRequest(
        ReadOnlySpan<byte> body, string? contentType, ModelSignature signature, IReadOnlyList<string>? featureColumns = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (IsCsv(contentType))
        {
            return ReadCsv(body, signature, featureColumns);
        }

        if (!IsJson(contentType))
        {
            throw SlipwayException.Invalid($"Content type '{contentType}' is not supported; send application/json or text/csv.");
        }

        var reader = JsonTokens.Open(body, Expected);
        try
        {
            return ReadJson(ref reader, signature, featureColumns);
        }
        catch (JsonException error)
        {
            throw JsonTokens.Malformed(error);
        }
    }

    /// <summary>
    /// Writes <c>{"predictions": [...]}</c> as MLflow's pyfunc answers and flushes the writer: for one output, a value
    /// per row when its rows are single values (<c>[-1]</c>, <c>[-1, 1]</c>) and a list per row otherwise; for several,
    /// a record per row naming each output.
    /// </summary>
    /// <exception cref="SlipwayException">When the outputs disagree on the number of rows.</exception>
    public static void WriteResponse(Utf8JsonWriter writer, InferenceResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        PredictionsWriter.Write(writer, response.Outputs, squeeze: true);
    }

    private static InferenceRequest ReadJson(ref Utf8JsonReader reader, ModelSignature signature, IReadOnlyList<string>? featureColumns)
    {
        JsonTokens.ReadStartObject(ref reader, Expected);
        List<InferenceTensor>? inputs = null;
        string? format = null;
        Dictionary<string, object?>? parameters = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "dataframe_split":
                    format = Only(format, name);
                    inputs = ReadSplit(ref reader, signature, featureColumns);
                    break;
                case "dataframe_records":
                    format = Only(format, name);
                    inputs = ReadRecords(ref reader, signature, featureColumns);
                    break;
                case "instances":
                    format = Only(format, name);
                    inputs = InstancesReader.Read(ref reader, signature, "'instances'");
                    break;
                case "inputs":
                    format = Only(format, name);
                    inputs = reader.TokenType == JsonTokenType.StartObject
                        ? ReadNamedTensors(ref reader, signature)
                        : InstancesReader.Read(ref reader, signature, "'inputs'");
                    break;
                case "params":
                    parameters = ParameterValues.Read(ref reader, "params");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        JsonTokens.ReadEnd(ref reader);
        return new InferenceRequest(inputs ?? throw SlipwayException.Invalid($"The body has none of dataframe_split, dataframe_records, instances or inputs."), [], null, parameters);
    }

    private static string Only(string? format, string name) => format is null
        ? name
        : throw SlipwayException.Invalid($"The body has both '{format}' and '{name}'; send one.");

    private static List<InferenceTensor> ReadSplit(ref Utf8JsonReader reader, ModelSignature signature, IReadOnlyList<string>? featureColumns)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw SlipwayException.Invalid($"'dataframe_split' must be an object with columns and data, not {JsonTokens.Describe(ref reader)}.");
        }

        List<string>? columns = null;
        var data = default(Utf8JsonReader);
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isColumns = reader.ValueTextEquals("columns"u8);
            var isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            if (isColumns)
            {
                columns = ReadColumnNames(ref reader);
            }
            else if (isData)
            {
                // The columns may come after the data; keep the reader where the data starts and read it last.
                data = reader;
                hasData = true;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        if (!hasData)
        {
            throw SlipwayException.Invalid("'dataframe_split' has no 'data'.");
        }

        if (data.TokenType != JsonTokenType.StartArray)
        {
            throw SlipwayException.Invalid($"'dataframe_split' data must be a list of rows, not {JsonTokens.Describe(ref data)}.");
        }

        var count = columns?.Count ?? FirstRowLength(data);
        var builder = new DataframeBuilder(signature, ColumnPlan.Resolve(signature, featureColumns, columns, count));
        while (data.Read() && data.TokenType != JsonTokenType.EndArray)
        {
            var row = builder.Rows;
            if (data.TokenType != JsonTokenType.StartArray)
            {
                throw SlipwayException.Invalid($"'dataframe_split' row {row} must be a list of {count} values, not {JsonTokens.Describe(ref data)}.");
            }

            builder.BeginRow();
            var column = 0;
            while (data.Read() && data.TokenType != JsonTokenType.EndArray)
            {
                if (column == count)
                {
                    throw SlipwayException.Invalid($"Row {row} has more than {count} values; the dataframe has {count} columns.");
                }

                builder.Set(column++, ref data);
            }

            if (column != count)
            {
                throw SlipwayException.Invalid($"Row {row} has {column} values; the dataframe has {count} columns.");
            }

            builder.EndRow();
        }

        return Built(builder, "'dataframe_split'");
    }

    private static List<InferenceTensor> ReadRecords(ref Utf8JsonReader reader, ModelSignature signature, IReadOnlyList<string>? featureColumns)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw SlipwayException.Invalid($"'dataframe_records' must be a list of objects, not {JsonTokens.Describe(ref reader)}.");
        }

        // The columns are every key the records use, in the order they first appear, as pandas makes them.
        var columns = RecordKeys(reader);
        var plan = ColumnPlan.Resolve(signature, featureColumns, columns, columns.Count);
        var builder = new DataframeBuilder(signature, plan);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            builder.BeginRow();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = plan.IndexOf(reader.GetString()!);
                reader.Read();
                if (column < 0)
                {
                    reader.Skip();
                }
                else
                {
                    builder.Set(column, ref reader);
                }
            }

            builder.EndRow();
        }

        return Built(builder, "'dataframe_records'");
    }

    private static List<InferenceTensor> ReadNamedTensors(ref Utf8JsonReader reader, ModelSignature signature)
    {
        var inputs = signature.Inputs;
        var tensors = new InferenceTensor?[inputs.Count];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var index = inputs.ToList().FindIndex(i => i.Name == name);
            if (index < 0)
            {
                throw SlipwayException.Invalid($"'inputs' names '{name}', which is not an input of this model; it takes {SignatureText.Names(inputs)}.");
            }

            reader.Read();
            var spec = inputs[index];
            var buffer = ElementKind.For(spec.Datatype).CreateBuffer();
            var shape = spec.Shape.ToArray();
            buffer.AppendValue(ref reader, shape, spec, 0, ValueLocation.Input(name));
            // A dimension still -1 met no list to set it (an empty batch): it has no elements.
            tensors[index] = new InferenceTensor(name, spec.Datatype, [.. shape.Select(d => Math.Max(d, 0))], buffer.ToArray());
        }

        var missing = inputs.Where((_, i) => tensors[i] is null).Select(i => $"'{i.Name}'").ToList();
        if (missing.Count > 0)
        {
            throw SlipwayException.Invalid($"'inputs' has no {string.Join(", ", missing)}.");
        }

        return [.. tensors.Select(t => t!)];
    }

    private static InferenceRequest ReadCsv(ReadOnlySpan<byte> body, ModelSignature signature, IReadOnlyList<string>? featureColumns)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw SlipwayException.Invalid("The CSV body is not UTF-8 text.");
        }

        var csv = new CsvReader(text);
        var header = new List<string>();
        if (!csv.TryReadRow(header, out _))
        {
            throw SlipwayException.Invalid("The CSV body is empty; expected a header row naming the columns, then a row per prediction.");
        }

        var builder = new DataframeBuilder(signature, ColumnPlan.Resolve(signature, featureColumns, header, header.Count));
        var fields = new List<string>(header.Count);
        while (csv.TryReadRow(fields, out var line))
        {
            if (fields.Count != header.Count)
            {
                throw SlipwayException.Invalid($"CSV line {line} has {fields.Count} fields but the header has {header.Count}.");
            }

            builder.BeginRow();
            for (var column = 0; column < fields.Count; column++)
            {
                builder.SetText(column, fields[column], line);
            }

            builder.EndRow(line);
        }

        return new InferenceRequest(Built(builder, "The CSV body"), []);
    }

    private static List<InferenceTensor> Built(DataframeBuilder builder, string what) =>
        builder.Rows == 0 ? throw SlipwayException.Invalid($"{what} has no rows.") : builder.Build();

    private static List<string> ReadColumnNames(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw SlipwayException.Invalid($"'dataframe_split' columns must be a list of names, not {JsonTokens.Describe(ref reader)}.");
        }

        var columns = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // pandas names unnamed columns 0, 1, ...; a number is a name like any other.
            columns.Add(reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => JsonTokens.Describe(ref reader),
                _ => throw SlipwayException.Invalid($"'dataframe_split' column {columns.Count} is {JsonTokens.Describe(ref reader)}, not a name."),
            });
        }

        return columns;
    }

    // Reads ahead on a copy of the reader, which leaves the caller's where it was.
    private static int FirstRowLength(Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return 0;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            count++;
        }

        return count;
    }

    // Reads ahead on a copy of the reader (on the list of records), which leaves the caller's where it was; checks
    // every record is an object on the way.
    private static List<string> RecordKeys(Utf8JsonReader reader)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw SlipwayException.Invalid($"'dataframe_records' row {rows} must be an object naming its columns, not {JsonTokens.Describe(ref reader)}.");
            }

            rows++;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                if (seen.Add(key))
                {
                    keys.Add(key);
                }

                reader.Read();
                reader.Skip();
            }
        }

        return rows == 0 ? throw SlipwayException.Invalid("'dataframe_records' has no rows.") : keys;
    }

    private static bool IsCsv(string? contentType) => MediaType(contentType).Equals("text/csv", StringComparison.OrdinalIgnoreCase);

    private static bool IsJson(string? contentType)
    {
        var media = MediaType(contentType);
        return media.IsEmpty || media.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static ReadOnlySpan<char> MediaType(string? contentType)
    {
        var media = contentType.AsSpan();
        var parameters = media.IndexOf(';');
        return (parameters >= 0 ? media[..parameters] : media).Trim();
    }
}
