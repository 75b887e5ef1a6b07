using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Server.Mlflow;

/// <summary>
/// Writes get-history responses by hand: a chart's history is tens of thousands of metrics, and going through
/// DTOs and the serializer's per-property metadata costs several times the writing itself. The shape is the
/// serializer's for <see cref="Contracts.GetMetricHistoryResponse"/> (non-finite values as the strings "NaN",
/// "Infinity", "-Infinity"; no metrics field when there are none), which a test compares.
/// </summary>
public static class MetricHistoryJson
{
    private static readonly JsonEncodedText MetricsName = JsonEncodedText.Encode("metrics");
    private static readonly JsonEncodedText NextPageTokenName = JsonEncodedText.Encode("next_page_token");
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText StepName = JsonEncodedText.Encode("step");

    public static Task WriteAsync(HttpContext context, Page<Metric> page) =>
        MlflowResponses.WriteAsync(context, writer => Write(writer, page));

    /// <summary>Writes the response into a buffer, as <see cref="WriteAsync"/> writes it into the response.</summary>
    public static void Write(IBufferWriter<byte> output, Page<Metric> page)
    {
        using var writer = new Utf8JsonWriter(output, MlflowResponses.WriterOptions);
        Write(writer, page);
    }

    private static void Write(Utf8JsonWriter writer, Page<Metric> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        writer.WriteStartObject();
        if (page.Items.Count > 0)
        {
            writer.WriteStartArray(MetricsName);
            string? lastKey = null;
            var key = default(JsonEncodedText);
            foreach (var metric in page.Items)
            {
                if (!ReferenceEquals(metric.Key, lastKey))
                {
                    lastKey = metric.Key;
                    key = JsonEncodedText.Encode(metric.Key, MlflowResponses.WriterOptions.Encoder);
                }

                writer.WriteStartObject();
                writer.WriteString(KeyName, key);
                if (double.IsFinite(metric.Value))
                {
                    writer.WriteNumber(ValueName, metric.Value);
                }
                else
                {
                    writer.WriteString(ValueName, double.IsNaN(metric.Value) ? "NaN" : metric.Value > 0 ? "Infinity" : "-Infinity");
                }

                writer.WriteNumber(TimestampName, metric.Timestamp);
                writer.WriteNumber(StepName, metric.Step);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (page.NextPageToken is { } token)
        {
            writer.WriteString(NextPageTokenName, token);
        }

        writer.WriteEndObject();
    }
}
