using System.Buffers;
using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Core.Serving;

namespace Slipway.Storage.Sql.Serving;

/// <summary>
/// The JSON text of a deployment spec as the deployment tables store it, with snake_case fields:
/// <c>{"targets":[{"model":…,"weight":…}],"shadow":…,"sticky_header":…,"batching":{"max_batch_size":…,"max_latency_ms":…},"log_sample_rate":…,"log_webhook":…}</c>.
/// Every field is written, nulls included, so a row reads the same without knowing the defaults of the day it was
/// written; a field missing when read takes the spec's default.
/// </summary>
internal static class DeploymentSpecJson
{
    public static string Write(DeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("targets");
            foreach (var target in spec.Targets)
            {
                writer.WriteStartObject();
                writer.WriteString("model", target.Model);
                writer.WriteNumber("weight", target.Weight);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("shadow", spec.Shadow);
            writer.WriteString("sticky_header", spec.StickyHeader);
            if (spec.Batching is { } batching)
            {
                writer.WriteStartObject("batching");
                writer.WriteNumber("max_batch_size", batching.MaxBatchSize);
                writer.WriteNumber("max_latency_ms", batching.MaxLatencyMs);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("batching");
            }

            writer.WriteNumber("log_sample_rate", spec.LogSampleRate);
            writer.WriteString("log_webhook", spec.LogWebhook);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <exception cref="SlipwayException">INTERNAL_ERROR when the column does not hold a spec.</exception>
    public static DeploymentSpec Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var targets = new List<DeploymentTarget>();
            foreach (var target in root.GetProperty("targets").EnumerateArray())
            {
                targets.Add(new DeploymentTarget(
                    target.GetProperty("model").GetString() ?? throw new JsonException("A target's model is null."),
                    target.GetProperty("weight").GetInt32()));
            }

            var batching = Optional(root, "batching") is { } limits
                ? new DeploymentBatching(limits.GetProperty("max_batch_size").GetInt32(), limits.GetProperty("max_latency_ms").GetInt32())
                : null;
            return new DeploymentSpec(
                targets,
                Optional(root, "shadow")?.GetString(),
                Optional(root, "sticky_header")?.GetString(),
                batching,
                Optional(root, "log_sample_rate")?.GetDouble() ?? 1,
                Optional(root, "log_webhook")?.GetString());
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new SlipwayException(ErrorCode.InternalError, $"A deployment's spec column holds malformed JSON: {error.Message}", error);
        }
    }

    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
