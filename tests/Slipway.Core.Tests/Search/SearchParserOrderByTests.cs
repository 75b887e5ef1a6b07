using Slipway.Core.Errors;
using Slipway.Core.Search;
using Xunit;

namespace Slipway.Core.Tests.Search;

public class SearchParserOrderByTests
{
    [Fact]
    public void ParseOrderBy_returns_no_clauses_for_null_or_empty()
    {
        Assert.Empty(SearchParser.ParseRunOrderBy(null));
        Assert.Empty(SearchParser.ParseExperimentOrderBy([]));
    }

    [Theory]
    [InlineData("metrics.acc DESC", "Metric|acc|DESC")]
    [InlineData("attributes.start_time", "Attribute|start_time|ASC")]
    [InlineData("params.lr asc", "Param|lr|ASC")]
    [InlineData("tags.`a b` desc", "Tag|a b|DESC")]
    [InlineData("metrics.\"f1 score\"", "Metric|f1 score|ASC")]
    [InlineData("created DESC", "Attribute|start_time|DESC")]
    [InlineData("run_name", "Attribute|run_name|ASC")]
    [InlineData("attr.end_time Desc", "Attribute|end_time|DESC")]
    [InlineData("  metrics.loss   ASC  ", "Metric|loss|ASC")]
    public void ParseRunOrderBy_reads_key_and_direction(string clause, string expected)
    {
        Assert.Equal(expected, FilterRendering.Render(SearchParser.ParseRunOrderBy([clause])));
    }

    [Fact]
    public void ParseRunOrderBy_keeps_the_clause_order()
    {
        var clauses = SearchParser.ParseRunOrderBy(["metrics.a DESC", "start_time"]);

        Assert.Equal("Metric|a|DESC ; Attribute|start_time|ASC", FilterRendering.Render(clauses));
    }

    [Theory]
    [InlineData("name ASC", "Attribute|name|ASC")]
    [InlineData("experiment_id DESC", "Attribute|experiment_id|DESC")]
    [InlineData("creation_time", "Attribute|creation_time|ASC")]
    [InlineData("attribute.last_update_time desc", "Attribute|last_update_time|DESC")]
    public void ParseExperimentOrderBy_reads_key_and_direction(string clause, string expected)
    {
        Assert.Equal(expected, FilterRendering.Render(SearchParser.ParseExperimentOrderBy([clause])));
    }

    [Theory]
    [InlineData("name", "Attribute|name|ASC")]
    [InlineData("timestamp DESC", "Attribute|creation_timestamp|DESC")]
    [InlineData("last_updated_timestamp ASC", "Attribute|last_updated_timestamp|ASC")]
    public void ParseRegisteredModelOrderBy_reads_key_and_direction(string clause, string expected)
    {
        Assert.Equal(expected, FilterRendering.Render(SearchParser.ParseRegisteredModelOrderBy([clause])));
    }

    [Theory]
    [InlineData("version DESC", "Attribute|version_number|DESC")]
    [InlineData("version_number", "Attribute|version_number|ASC")]
    [InlineData("creation_timestamp desc", "Attribute|creation_timestamp|DESC")]
    [InlineData("name", "Attribute|name|ASC")]
    public void ParseModelVersionOrderBy_reads_key_and_direction(string clause, string expected)
    {
        Assert.Equal(expected, FilterRendering.Render(SearchParser.ParseModelVersionOrderBy([clause])));
    }

    [Theory]
    [InlineData("metrics.acc SIDEWAYS", "Invalid order_by clause 'metrics.acc SIDEWAYS': expected ASC or DESC after 'metrics.acc' but found 'SIDEWAYS' at position 12.")]
    [InlineData("metrics.acc DESC extra", "expected the end of the clause after the sort direction but found 'extra' at position 17")]
    [InlineData("", "Invalid order_by clause '': expected a key such as metrics.acc or start_time but found end of input at position 0")]
    [InlineData("foo DESC", "Invalid attribute key 'foo' at position 0 in order_by clause 'foo DESC'")]
    [InlineData("DESC", "Invalid attribute key 'DESC' at position 0")]
    [InlineData("datasets.name", "Invalid entity type 'datasets' at position 0")]
    [InlineData("metrics.acc, params.x", "expected ASC or DESC after 'metrics.acc' but found ',' at position 11")]
    [InlineData("metrics.acc > 1", "expected ASC or DESC after 'metrics.acc' but found '>' at position 12")]
    [InlineData("'metrics.acc'", "expected a key such as metrics.acc or start_time but found string 'metrics.acc' at position 0")]
    public void ParseRunOrderBy_rejects_invalid_clauses(string clause, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => SearchParser.ParseRunOrderBy([clause]));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tags.x DESC", "Invalid entity type 'tags' at position 0")]
    [InlineData("metrics.x", "Invalid entity type 'metrics' at position 0")]
    [InlineData("start_time", "Invalid attribute key 'start_time' at position 0")]
    public void ParseExperimentOrderBy_rejects_keys_experiments_cannot_sort_by(string clause, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => SearchParser.ParseExperimentOrderBy([clause]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version_number", "Invalid attribute key 'version_number' at position 0")]
    [InlineData("tags.x", "Invalid entity type 'tags' at position 0")]
    public void ParseRegisteredModelOrderBy_rejects_keys_models_cannot_sort_by(string clause, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => SearchParser.ParseRegisteredModelOrderBy([clause]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
