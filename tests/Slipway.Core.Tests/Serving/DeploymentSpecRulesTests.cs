using Slipway.Core.Errors;
using Slipway.Core.Serving;
using Xunit;

namespace Slipway.Core.Tests.Serving;

public class DeploymentSpecRulesTests
{
    private static readonly DeploymentSpec Valid = new(
        [new DeploymentTarget("models:/churn@champion", 90), new DeploymentTarget("models:/churn/3", 10)],
        Shadow: "models:/churn/Staging",
        StickyHeader: "X-User-Id",
        Batching: new DeploymentBatching(32, 5),
        LogSampleRate: 0.25,
        LogWebhook: "https://hooks.example.com/inference");

    private static string Fails(DeploymentSpec? spec)
    {
        var error = Assert.Throws<SlipwayException>(() => DeploymentSpecRules.Validate(spec));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith("Invalid deployment spec: ", error.Message, StringComparison.Ordinal);
        return error.Message;
    }

    [Fact]
    public void Validate_accepts_a_spec_using_every_field()
    {
        DeploymentSpecRules.Validate(Valid);
    }

    [Fact]
    public void Validate_accepts_one_target_with_nothing_else_set()
    {
        DeploymentSpecRules.Validate(new DeploymentSpec([new DeploymentTarget("models:/churn/Production", 1)]));
    }

    [Theory]
    [InlineData("models:/churn@champion")]
    [InlineData("models:/churn/3")]
    [InlineData("models:/churn/Production")]
    [InlineData("models:/churn/latest")]
    public void Validate_accepts_every_registry_uri_form_as_a_target(string model)
    {
        DeploymentSpecRules.Validate(new DeploymentSpec([new DeploymentTarget(model, 1)]));
    }

    [Fact]
    public void Validate_rejects_a_missing_spec()
    {
        Assert.Contains("the spec is missing", Fails(null), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_a_spec_without_targets()
    {
        Assert.Contains("targets is empty; a deployment needs at least one target", Fails(Valid with { Targets = [] }), StringComparison.Ordinal);
        Assert.Contains("targets is empty", Fails(Valid with { Targets = null! }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_more_than_ten_targets()
    {
        var targets = Enumerable.Range(1, 11).Select(v => new DeploymentTarget($"models:/churn/{v}", 1)).ToList();

        Assert.Contains("targets has 11 entries; a deployment has at most 10", Fails(Valid with { Targets = targets }), StringComparison.Ordinal);
        DeploymentSpecRules.Validate(Valid with { Targets = targets[..10] });
    }

    [Theory]
    [InlineData("churn/3", "it does not start with 'models:/'")]
    [InlineData("runs:/abc/model", "it does not start with 'models:/'")]
    [InlineData("models:/churn", "it names no version")]
    [InlineData("models:/churn/Prod", "'Prod' is not a version number")]
    public void Validate_rejects_a_target_that_is_not_a_models_uri_naming_the_target_and_why(string model, string why)
    {
        var message = Fails(Valid with { Targets = [new DeploymentTarget("models:/churn/1", 1), new DeploymentTarget(model, 1)] });

        Assert.Contains($"targets[1].model: Invalid model URI '{model}'", message, StringComparison.Ordinal);
        Assert.Contains(why, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_an_empty_target_model()
    {
        Assert.Contains("targets[0].model is empty", Fails(Valid with { Targets = [new DeploymentTarget("", 1)] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_a_negative_weight_naming_the_target()
    {
        var message = Fails(Valid with { Targets = [new DeploymentTarget("models:/churn/1", 5), new DeploymentTarget("models:/churn/2", -1)] });

        Assert.Contains("targets[1].weight is -1; weights must be 0 or more", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_accepts_a_zero_weight_beside_a_positive_one()
    {
        DeploymentSpecRules.Validate(Valid with { Targets = [new DeploymentTarget("models:/churn/1", 1), new DeploymentTarget("models:/churn/2", 0)] });
    }

    [Fact]
    public void Validate_rejects_weights_that_sum_to_zero()
    {
        var message = Fails(Valid with { Targets = [new DeploymentTarget("models:/churn/1", 0), new DeploymentTarget("models:/churn/2", 0)] });

        Assert.Contains("the targets' weights sum to 0; at least one target needs a positive weight", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_weights_whose_sum_overflows_routing()
    {
        var message = Fails(Valid with { Targets = [new DeploymentTarget("models:/churn/1", int.MaxValue), new DeploymentTarget("models:/churn/2", 1)] });

        Assert.Contains("the targets' weights sum to 2147483648; the sum may be at most 2147483647", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("models:/churn/3", "models:/churn/3")]
    [InlineData("models:/churn/production", "models:/churn/Production")]
    [InlineData("models:/churn@blue", "models:/churn@blue")]
    public void Validate_rejects_the_same_model_twice_even_spelled_differently(string first, string second)
    {
        var message = Fails(Valid with { Targets = [new DeploymentTarget(first, 1), new DeploymentTarget("models:/other/1", 1), new DeploymentTarget(second, 1)] });

        Assert.Contains($"targets[2].model '{second}' repeats targets[0]; each model may be a target once", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_a_shadow_that_is_not_a_models_uri()
    {
        Assert.Contains("shadow: Invalid model URI 'runs:/abc/model'", Fails(Valid with { Shadow = "runs:/abc/model" }), StringComparison.Ordinal);
        Assert.Contains("shadow is empty", Fails(Valid with { Shadow = "" }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("X User")]
    [InlineData("X-User:")]
    [InlineData("X-Üser")]
    [InlineData("(user)")]
    public void Validate_rejects_a_sticky_header_that_is_not_an_http_token(string header)
    {
        Assert.Contains($"sticky_header '{header}' is not an HTTP header name", Fails(Valid with { StickyHeader = header }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-session")]
    [InlineData("X_Tenant.Id")]
    [InlineData("a!#$%&'*+-.^_`|~9")]
    public void Validate_accepts_any_http_token_as_the_sticky_header(string header)
    {
        DeploymentSpecRules.Validate(Valid with { StickyHeader = header });
    }

    [Theory]
    [InlineData(0, 5, "batching.max_batch_size is 0; it must be from 1 to 100000")]
    [InlineData(100_001, 5, "batching.max_batch_size is 100001; it must be from 1 to 100000")]
    [InlineData(8, -1, "batching.max_latency_ms is -1; it must be from 0 to 10000")]
    [InlineData(8, 10_001, "batching.max_latency_ms is 10001; it must be from 0 to 10000")]
    public void Validate_rejects_batching_limits_out_of_range(int size, int latency, string expected)
    {
        Assert.Contains(expected, Fails(Valid with { Batching = new DeploymentBatching(size, latency) }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(100_000, 10_000)]
    public void Validate_accepts_batching_limits_at_the_ends_of_their_ranges(int size, int latency)
    {
        DeploymentSpecRules.Validate(Valid with { Batching = new DeploymentBatching(size, latency) });
    }

    [Theory]
    [InlineData(-0.01, "log_sample_rate is -0.01; it must be from 0 to 1")]
    [InlineData(1.5, "log_sample_rate is 1.5; it must be from 0 to 1")]
    [InlineData(double.NaN, "log_sample_rate is NaN; it must be from 0 to 1")]
    [InlineData(double.PositiveInfinity, "log_sample_rate is Infinity; it must be from 0 to 1")]
    public void Validate_rejects_a_log_sample_rate_outside_zero_to_one(double rate, string expected)
    {
        Assert.Contains(expected, Fails(Valid with { LogSampleRate = rate }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Validate_accepts_log_sample_rates_of_zero_and_one(double rate)
    {
        DeploymentSpecRules.Validate(Valid with { LogSampleRate = rate });
    }

    [Theory]
    [InlineData("")]
    [InlineData("hooks.example.com/inference")]
    [InlineData("/inference")]
    [InlineData("ftp://hooks.example.com/inference")]
    [InlineData("file:///tmp/log")]
    public void Validate_rejects_a_log_webhook_that_is_not_an_absolute_http_url(string webhook)
    {
        Assert.Contains($"log_webhook '{webhook}' is not an absolute http or https URL", Fails(Valid with { LogWebhook = webhook }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:9000/events")]
    [InlineData("HTTPS://hooks.example.com/a?b=c")]
    public void Validate_accepts_http_and_https_log_webhooks(string webhook)
    {
        DeploymentSpecRules.Validate(Valid with { LogWebhook = webhook });
    }
}
