using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Slipway.Server.Mlflow.Contracts;

namespace Slipway.Server.Mlflow;

/// <summary>
/// A hand-written reader for the canonical shape of a log-batch body (what MLflow clients send: a run id and
/// arrays of metric, param and tag objects with plain values), the ingestion hot path where the serializer's
/// per-property metadata costs more than the parsing. Anything else it declines (returns false): unknown or
/// repeated fields, nulls, numbers written as strings other than MLflow's NaN and infinities, so the general
/// serializer reads the body and reports errors exactly as for every other endpoint.
/// </summary>
public static class LogBatchJson
{
    private const int MaxDepth = 8;

    public static bool TryRead(ReadOnlySpan<byte> json, out LogBatchRequest request)
    {
        request = new LogBatchRequest();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!ReadProperty(ref reader, request))
                {
                    return false;
                }
            }

            // The object must close, and nothing may follow it.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool ReadProperty(ref Utf8JsonReader reader, LogBatchRequest request)
    {
        if (reader.ValueTextEquals("run_id"u8))
        {
            if (request.RunId is not null || !ReadString(ref reader, out var runId))
            {
                return false;
            }

            request.RunId = runId;
            return true;
        }

        if (reader.ValueTextEquals("metrics"u8))
        {
            return request.Metrics is null && ReadMetrics(ref reader, request.Metrics = []);
        }

        if (reader.ValueTextEquals("params"u8))
        {
            return request.Params is null && ReadPairs(ref reader, request.Params = [], (k, v) => new ParamDto { Key = k, Value = v });
        }

        return reader.ValueTextEquals("tags"u8)
            && request.Tags is null
            && ReadPairs(ref reader, request.Tags = [], (k, v) => new TagDto { Key = k, Value = v });
    }

    private static bool ReadMetrics(ref Utf8JsonReader reader, List<MetricDto> metrics)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var metric = new MetricDto();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!ReadMetricProperty(ref reader, metric))
                {
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return false;
            }

            metrics.Add(metric);
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool ReadMetricProperty(ref Utf8JsonReader reader, MetricDto metric)
    {
        if (reader.ValueTextEquals("key"u8))
        {
            if (metric.Key is not null || !ReadString(ref reader, out var key))
            {
                return false;
            }

            metric.Key = key;
        }
        else if (reader.ValueTextEquals("value"u8))
        {
            if (metric.Value is not null || !ReadDouble(ref reader, out var value))
            {
                return false;
            }

            metric.Value = value;
        }
        else if (reader.ValueTextEquals("timestamp"u8))
        {
            if (metric.Timestamp is not null || !ReadInt64(ref reader, out var timestamp))
            {
                return false;
            }

            metric.Timestamp = timestamp;
        }
        else if (reader.ValueTextEquals("step"u8))
        {
            if (metric.Step is not null || !ReadInt64(ref reader, out var step))
            {
                return false;
            }

            metric.Step = step;
        }
        else
        {
            return false;
        }

        return true;
    }

    private static bool ReadPairs<T>(ref Utf8JsonReader reader, List<T> pairs, Func<string, string, T> create)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? key = null;
            string? value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var read = reader.ValueTextEquals("key"u8)
                    ? key is null && ReadString(ref reader, out key)
                    : reader.ValueTextEquals("value"u8) && value is null && ReadString(ref reader, out value);
                if (!read)
                {
                    return false;
                }
            }

            // A pair missing a field goes to the serializer, whose mapping names the field.
            if (reader.TokenType != JsonTokenType.EndObject || key is null || value is null)
            {
                return false;
            }

            pairs.Add(create(key, value));
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool ReadString(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? value)
    {
        value = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    /// <summary>A finite JSON number, or one of the strings MLflow writes for NaN and the infinities.</summary>
    private static bool ReadDouble(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out value) && double.IsFinite(value);
        }

        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var text = reader.ValueSpan;
        if (text.SequenceEqual("NaN"u8))
        {
            value = double.NaN;
        }
        else if (text.SequenceEqual("Infinity"u8))
        {
            value = double.PositiveInfinity;
        }
        else if (text.SequenceEqual("-Infinity"u8))
        {
            value = double.NegativeInfinity;
        }
        else
        {
            return false;
        }

        return true;
    }

    private static bool ReadInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }
}
