using System.Text.Json;
using System.Text.Json.Serialization;
using Slipway.Core.Errors;

namespace Slipway.Storage.Sql.Pipelines;

/// <summary>The JSON text columns of the pipeline tables (params, outputs): objects of text values.</summary>
internal static class PipelineJson
{
    public const string EmptyObject = "{}";

    public static string Write(IReadOnlyDictionary<string, string> values) =>
        values.Count == 0 ? EmptyObject : JsonSerializer.Serialize(values, PipelineJsonContext.Default.IReadOnlyDictionaryStringString);

    public static IReadOnlyDictionary<string, string> Read(string json, string column)
    {
        if (json == EmptyObject)
        {
            return System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(json, PipelineJsonContext.Default.DictionaryStringString)
                ?? throw new JsonException("null");
        }
        catch (JsonException error)
        {
            throw new SlipwayException(ErrorCode.InternalError, $"The {column} column holds malformed JSON: {error.Message}", error);
        }
    }
}

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PipelineJsonContext : JsonSerializerContext;
