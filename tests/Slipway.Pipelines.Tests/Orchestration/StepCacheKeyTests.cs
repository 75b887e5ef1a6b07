using Slipway.Core.Data;
using Slipway.Pipelines.Orchestration;

namespace Slipway.Pipelines.Tests.Orchestration;

public sealed class StepCacheKeyTests
{
    [Fact]
    public void The_same_parts_in_any_order_make_the_same_key()
    {
        var a = new StepCacheKey().Add("run", "python train.py").AddAll("env:", [KeyValuePair.Create("A", "1"), KeyValuePair.Create("B", "2")]).Build();
        var b = new StepCacheKey().AddAll("env:", [KeyValuePair.Create("B", "2"), KeyValuePair.Create("A", "1")]).Add("run", "python train.py").Build();

        Assert.Equal(a, b);
        Assert.Equal(64, a.Length);
    }

    [Fact]
    public void Any_changed_part_changes_the_key()
    {
        var baseline = new StepCacheKey().Add("run", "python train.py --lr 0.1").Add("code", "abc").Build();

        Assert.NotEqual(baseline, new StepCacheKey().Add("run", "python train.py --lr 0.2").Add("code", "abc").Build());
        Assert.NotEqual(baseline, new StepCacheKey().Add("run", "python train.py --lr 0.1").Add("code", "abd").Build());
        Assert.NotEqual(baseline, new StepCacheKey().Add("run", "python train.py --lr 0.1").Add("code", "abc").Add("input:data", "x").Build());
    }

    [Fact]
    public void A_value_cannot_imitate_the_boundary_between_two_parts()
    {
        var one = new StepCacheKey().Add("a", "1\n1:b1:2").Build();
        var two = new StepCacheKey().Add("a", "1").Add("b", "2").Build();

        Assert.NotEqual(one, two);
    }
}
