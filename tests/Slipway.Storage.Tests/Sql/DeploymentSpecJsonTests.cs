using Slipway.Core.Errors;
using Slipway.Core.Serving;
using Slipway.Storage.Sql.Serving;

namespace Slipway.Storage.Tests.Sql;

public class DeploymentSpecJsonTests
{
    [Fact]
    public void Write_spells_every_field_in_snake_case()
    {
        var spec = new DeploymentSpec(
            [new DeploymentTarget("models:/churn@champion", 90), new DeploymentTarget("models:/churn/3", 10)],
            "models:/churn/Staging",
            "X-User",
            new DeploymentBatching(32, 5),
            0.5,
            "https://hooks.example.com/log");

        Assert.Equal(
            """{"targets":[{"model":"models:/churn@champion","weight":90},{"model":"models:/churn/3","weight":10}],"shadow":"models:/churn/Staging","sticky_header":"X-User","batching":{"max_batch_size":32,"max_latency_ms":5},"log_sample_rate":0.5,"log_webhook":"https://hooks.example.com/log"}""",
            DeploymentSpecJson.Write(spec));
        Assert.Equal(spec, DeploymentSpecJson.Read(DeploymentSpecJson.Write(spec)));
    }

    [Fact]
    public void Write_keeps_unset_fields_as_nulls()
    {
        Assert.Equal(
            """{"targets":[{"model":"models:/churn/1","weight":1}],"shadow":null,"sticky_header":null,"batching":null,"log_sample_rate":1,"log_webhook":null}""",
            DeploymentSpecJson.Write(new DeploymentSpec([new DeploymentTarget("models:/churn/1", 1)])));
    }

    [Fact]
    public void Read_gives_missing_fields_the_spec_defaults()
    {
        Assert.Equal(
            new DeploymentSpec([new DeploymentTarget("models:/churn/1", 1)]),
            DeploymentSpecJson.Read("""{"targets":[{"model":"models:/churn/1","weight":1}]}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"targets":{}}""")]
    [InlineData("""{"targets":[{"model":null,"weight":1}]}""")]
    [InlineData("""{"targets":[{"model":"models:/churn/1","weight":"1"}]}""")]
    [InlineData("""{"targets":[{"model":"models:/churn/1","weight":1}],"batching":{"max_batch_size":8}}""")]
    public void Read_reports_a_column_that_holds_no_spec_as_an_internal_error(string json)
    {
        var error = Assert.Throws<SlipwayException>(() => DeploymentSpecJson.Read(json));

        Assert.Equal(ErrorCode.InternalError, error.Code);
        Assert.StartsWith("A deployment's spec column holds malformed JSON", error.Message, StringComparison.Ordinal);
    }
}
