using Slipway.Core.Search;
using Xunit;

namespace Slipway.Core.Tests.Search;

public class SearchParserFilterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t ")]
    public void Parse_returns_the_empty_filter_for_blank_input(string? filter)
    {
        Assert.Same(SearchFilter.Empty, SearchParser.ParseRunFilter(filter));
        Assert.Same(SearchFilter.Empty, SearchParser.ParseExperimentFilter(filter));
        Assert.Same(SearchFilter.Empty, SearchParser.ParseRegisteredModelFilter(filter));
        Assert.Same(SearchFilter.Empty, SearchParser.ParseModelVersionFilter(filter));
    }

    [Theory]
    [InlineData("metrics.acc > 0.9", "Metric|acc|Greater|N:0.9")]
    [InlineData("metric.acc >= -1.5e-3", "Metric|acc|GreaterOrEqual|N:-0.0015")]
    [InlineData("metrics.m=5", "Metric|m|Equal|N:5")]
    [InlineData("metrics.m < .5", "Metric|m|Less|N:0.5")]
    [InlineData("metrics.m <= 1E3", "Metric|m|LessOrEqual|N:1000")]
    [InlineData("metrics.m != 0", "Metric|m|NotEqual|N:0")]
    [InlineData("metrics.`my metric` < 3", "Metric|my metric|Less|N:3")]
    [InlineData("metrics.\"error rate\" < 3", "Metric|error rate|Less|N:3")]
    [InlineData("params.model = 'LogisticRegression'", "Param|model|Equal|S:LogisticRegression")]
    [InlineData("param.lr != \"0.001\"", "Param|lr|NotEqual|S:0.001")]
    [InlineData("parameters.x <> 'a'", "Param|x|NotEqual|S:a")]
    [InlineData("parameter.x LIKE 'a%'", "Param|x|Like|S:a%")]
    [InlineData("params.x ilike '%A_'", "Param|x|ILike|S:%A_")]
    [InlineData("params.p in ('a', \"b\")", "Param|p|In|L:a,b")]
    [InlineData("params.p NOT IN ('a')", "Param|p|NotIn|L:a")]
    [InlineData("params.p = 'it''s'", "Param|p|Equal|S:it's")]
    [InlineData("params.p = 'C:\\temp'", "Param|p|Equal|S:C:\\temp")]
    [InlineData("params.`model-type` = 'x'", "Param|model-type|Equal|S:x")]
    [InlineData("tags.mlflow.runName ILIKE '%x%'", "Tag|mlflow.runName|ILike|S:%x%")]
    [InlineData("tag.\"a b\" = 'x'", "Tag|a b|Equal|S:x")]
    [InlineData("tags.'quoted key' = 'v'", "Tag|quoted key|Equal|S:v")]
    [InlineData("tags.x IS NULL", "Tag|x|IsNull|-")]
    [InlineData("tags.x is not null", "Tag|x|IsNotNull|-")]
    [InlineData("tags.x IN ('a','b','c')", "Tag|x|In|L:a,b,c")]
    [InlineData("attributes.status = 'FINISHED'", "Attribute|status|Equal|S:FINISHED")]
    [InlineData("status = 'RUNNING'", "Attribute|status|Equal|S:RUNNING")]
    [InlineData("attribute.run_id IN ('a', 'b')", "Attribute|run_id|In|L:a,b")]
    [InlineData("attr.run_id NOT IN ('a')", "Attribute|run_id|NotIn|L:a")]
    [InlineData("run.start_time >= 100", "Attribute|start_time|GreaterOrEqual|N:100")]
    [InlineData("attributes.created > 5", "Attribute|start_time|Greater|N:5")]
    [InlineData("Created > 5", "Attribute|start_time|Greater|N:5")]
    [InlineData("`Run name` = 'x'", "Attribute|run_name|Equal|S:x")]
    [InlineData("attributes.\"run name\" LIKE 'x%'", "Attribute|run_name|Like|S:x%")]
    [InlineData("attributes.run_name = 'x'", "Attribute|run_name|Equal|S:x")]
    [InlineData("attributes.lifecycle_stage = 'active'", "Attribute|lifecycle_stage|Equal|S:active")]
    [InlineData("end_time <= 1700000000000", "Attribute|end_time|LessOrEqual|N:1700000000000")]
    [InlineData("attributes.artifact_uri LIKE 's3://%'", "Attribute|artifact_uri|Like|S:s3://%")]
    [InlineData("attributes.user_id ILIKE 'BOB'", "Attribute|user_id|ILike|S:BOB")]
    [InlineData("datasets.name = 'd'", "Dataset|name|Equal|S:d")]
    [InlineData("dataset.digest IN ('a','b')", "Dataset|digest|In|L:a,b")]
    [InlineData("datasets.context NOT IN ('train')", "Dataset|context|NotIn|L:train")]
    [InlineData(
        "metrics.a > 1 and params.b = 'c' AND tags.d != 'e'",
        "Metric|a|Greater|N:1 ; Param|b|Equal|S:c ; Tag|d|NotEqual|S:e")]
    [InlineData("  metrics.a>1 AND params.b='AND'  ", "Metric|a|Greater|N:1 ; Param|b|Equal|S:AND")]
    public void ParseRunFilter_builds_the_comparisons(string filter, string expected)
    {
        Assert.Equal(expected, FilterRendering.Render(SearchParser.ParseRunFilter(filter)));
    }

    [Theory]
    [InlineData("name = 'x'", "Attribute|name|Equal|S:x")]
    [InlineData("attribute.name LIKE 'x%'", "Attribute|name|Like|S:x%")]
    [InlineData("attributes.name ILIKE 'X%'", "Attribute|name|ILike|S:X%")]
    [InlineData("creation_time > 5", "Attribute|creation_time|Greater|N:5")]
    [InlineData("last_update_time <= 5", "Attribute|last_update_time|LessOrEqual|N:5")]
    [InlineData("tags.k = 'v' and name != 'y'", "Tag|k|Equal|S:v ; Attribute|name|NotEqual|S:y")]
    public void ParseExperimentFilter_builds_the_comparisons(string filter, string expected)
    {
        Assert.Equal(expected, FilterRendering.Render(SearchParser.ParseExperimentFilter(filter)));
    }

    [Theory]
    [InlineData("name ILIKE '%m%'", "Attribute|name|ILike|S:%m%")]
    [InlineData("name = 'm' AND tags.`k 1` = 'v'", "Attribute|name|Equal|S:m ; Tag|k 1|Equal|S:v")]
    public void ParseRegisteredModelFilter_builds_the_comparisons(string filter, string expected)
    {
        Assert.Equal(expected, FilterRendering.Render(SearchParser.ParseRegisteredModelFilter(filter)));
    }

    [Theory]
    [InlineData("name='m' and version_number > 2", "Attribute|name|Equal|S:m ; Attribute|version_number|Greater|N:2")]
    [InlineData("version = 3", "Attribute|version_number|Equal|N:3")]
    [InlineData("version_number = '3'", "Attribute|version_number|Equal|N:3")]
    [InlineData("run_id IN ('r1', 'r2')", "Attribute|run_id|In|L:r1,r2")]
    [InlineData("source_path = 's3://x'", "Attribute|source|Equal|S:s3://x")]
    [InlineData("attributes.source LIKE 's3://%'", "Attribute|source|Like|S:s3://%")]
    [InlineData("current_stage = 'production'", "Attribute|current_stage|Equal|S:Production")]
    [InlineData("current_stage IN ('staging', 'NONE')", "Attribute|current_stage|In|L:Staging,None")]
    [InlineData("current_stage LIKE 'prod%'", "Attribute|current_stage|Like|S:prod%")]
    [InlineData("tags.k != 'v'", "Tag|k|NotEqual|S:v")]
    public void ParseModelVersionFilter_builds_the_comparisons(string filter, string expected)
    {
        Assert.Equal(expected, FilterRendering.Render(SearchParser.ParseModelVersionFilter(filter)));
    }
}
