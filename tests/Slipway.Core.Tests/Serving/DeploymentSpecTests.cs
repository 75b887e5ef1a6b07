using Slipway.Core.Serving;
using Xunit;

namespace Slipway.Core.Tests.Serving;

public class DeploymentSpecTests
{
    private static DeploymentSpec Spec(params DeploymentTarget[] targets) =>
        new([.. targets], "models:/churn/Staging", "X-User", new DeploymentBatching(16, 4), 0.5, "https://hooks.example.com/log");

    [Fact]
    public void Specs_with_equal_contents_in_different_lists_are_equal_with_equal_hash_codes()
    {
        var first = Spec(new DeploymentTarget("models:/churn/1", 90), new DeploymentTarget("models:/churn/2", 10));
        var second = Spec(new DeploymentTarget("models:/churn/1", 90), new DeploymentTarget("models:/churn/2", 10));

        Assert.NotSame(first.Targets, second.Targets);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Specs_differing_in_a_target_weight_or_order_are_not_equal()
    {
        var spec = Spec(new DeploymentTarget("models:/churn/1", 90), new DeploymentTarget("models:/churn/2", 10));

        Assert.NotEqual(spec, Spec(new DeploymentTarget("models:/churn/1", 80), new DeploymentTarget("models:/churn/2", 20)));
        Assert.NotEqual(spec, Spec(new DeploymentTarget("models:/churn/2", 10), new DeploymentTarget("models:/churn/1", 90)));
        Assert.NotEqual(spec, Spec(new DeploymentTarget("models:/churn/1", 90)));
    }

    [Fact]
    public void Specs_differing_in_any_other_field_are_not_equal()
    {
        var spec = Spec(new DeploymentTarget("models:/churn/1", 1));

        Assert.NotEqual(spec, spec with { Shadow = null });
        Assert.NotEqual(spec, spec with { StickyHeader = "X-Other" });
        Assert.NotEqual(spec, spec with { Batching = new DeploymentBatching(16, 5) });
        Assert.NotEqual(spec, spec with { Batching = null });
        Assert.NotEqual(spec, spec with { LogSampleRate = 1 });
        Assert.NotEqual(spec, spec with { LogWebhook = null });
    }

    [Fact]
    public void Deployments_holding_equal_specs_are_equal()
    {
        var first = new Deployment("churn", null, 2, Spec(new DeploymentTarget("models:/churn/1", 1)), 10, 20, "alice", "bob");
        var second = first with { Spec = Spec(new DeploymentTarget("models:/churn/1", 1)) };

        Assert.Equal(first, second);
        Assert.Equal(
            new DeploymentRevision(2, first.Spec, 20, "bob", "updated"),
            new DeploymentRevision(2, second.Spec, 20, "bob", "updated"));
    }

    [Fact]
    public void A_spec_logs_every_request_unless_told_otherwise()
    {
        Assert.Equal(1, new DeploymentSpec([new DeploymentTarget("models:/churn/1", 1)]).LogSampleRate);
    }
}
