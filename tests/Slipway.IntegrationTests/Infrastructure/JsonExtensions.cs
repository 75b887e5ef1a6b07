using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>Short, failing-loudly accessors for response JSON (<c>run.Str("info.run_id")</c>).</summary>
public static class JsonExtensions
{
    /// <summary>The node at a dotted path, or null when any step is missing.</summary>
    public static JsonNode? At(this JsonNode node, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(path);
        JsonNode? current = node;
        foreach (var step in path.Split('.'))
        {
            current = current is JsonObject obj && obj.TryGetPropertyValue(step, out var next) ? next : null;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static JsonNode Required(this JsonNode node, string path) =>
        node.At(path) ?? throw new Xunit.Sdk.XunitException($"Expected '{path}' in {node.ToJsonString()}");

    public static string Str(this JsonNode node, string path) => node.Required(path).GetValue<string>();

    public static long Int64Value(this JsonNode node, string path)
    {
        var value = node.Required(path).AsValue();
        return value.GetValueKind() == JsonValueKind.String
            ? long.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture)
            : value.GetValue<long>();
    }

    /// <summary>A double that may arrive as a JSON number or as the strings MLflow writes for NaN and infinities.</summary>
    public static double Num(this JsonNode node, string path)
    {
        var value = node.Required(path).AsValue();
        return value.GetValueKind() == JsonValueKind.String
            ? double.Parse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : value.GetValue<double>();
    }

    /// <summary>The objects of an array field; a missing field is an empty list (MLflow omits empty repeated fields).</summary>
    public static IReadOnlyList<JsonObject> Items(this JsonNode node, string path) =>
        node.At(path) is JsonArray array ? array.Select(item => item!.AsObject()).ToList() : [];

    /// <summary>The value of the entry with this key in a list of <c>{key, value}</c> objects, or null.</summary>
    public static string? ValueOf(this IReadOnlyList<JsonObject> entries, string key)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var entry = entries.FirstOrDefault(e => e["key"]?.GetValue<string>() == key);
        return entry?["value"] is { } value ? value.ToString() : null;
    }

    public static void AssertTag(this JsonNode owner, string path, string key, string expected) =>
        Assert.Equal(expected, owner.Items(path).ValueOf(key));
}
