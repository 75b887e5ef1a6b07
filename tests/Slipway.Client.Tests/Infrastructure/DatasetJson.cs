namespace Slipway.Client.Tests.Infrastructure;

/// <summary>Canned bodies of the dataset API (<c>/api/v1/datasets</c>), spelled as the protocol specifies them.</summary>
public static class DatasetJson
{
    public const string HashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string HashB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    public static string Version(string dataset, long version, string tags = """["latest"]""", string? profile = null) => $$"""
        {"dataset":"{{dataset}}","version":{{version}},"creation_time":1700000000000,"creator":"ada","message":"June export",
         "parent_version":{{(version > 1 ? version - 1 : "null")}},"file_count":2,"total_bytes":5200000,"tags":{{tags}}{{(profile is null ? "" : ",\"profile\":" + profile)}}}
        """;

    public static string File(string path, long size, string hash, string mediaType = "text/csv") =>
        $$"""{"path":"{{path}}","size":{{size}},"hash":"{{hash}}","media_type":"{{mediaType}}"}""";

    /// <summary>A profile with one CSV table (a numeric and a string column) and a few images in two folders.</summary>
    public const string Profile = """
        {"tables":[{"path":"train.csv","format":"csv","row_count":10000,"columns":[
          {"name":"age","type":"integer","source_type":"BIGINT","nullable":true,"missing_count":125,"missing_ratio":0.0125,"distinct_count":80,
           "min":"18","max":"97","numeric":{"min":18,"max":97,"mean":41.5,"standard_deviation":12.25,"quantiles":{"p50":40},
           "histogram":{"edges":[18,50,97],"counts":[6000,3875]}}},
          {"name":"plan","type":"string","source_type":"VARCHAR","nullable":false,"missing_count":0,"missing_ratio":0,"distinct_count":3,
           "min":"basic","max":"pro","top_values":[{"value":"basic","count":7000}],"other_values_count":3000}]}],
         "images":{"count":3,"total_bytes":4096,"folders":[{"folder":"img/cat","count":2,"bytes":3000},{"folder":"img/dog","count":1,"bytes":1096}],
          "media_types":[{"media_type":"image/png","count":3,"bytes":4096}],"min_width":32,"max_width":640,"min_height":24,"max_height":480,"unreadable":1}}
        """;
}
