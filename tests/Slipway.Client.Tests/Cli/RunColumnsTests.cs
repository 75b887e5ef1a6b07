using Slipway.Cli.Commands.Runs;
using Slipway.Core.Tracking;

namespace Slipway.Client.Tests.Cli;

public sealed class RunColumnsTests
{
    private static readonly Run[] Runs =
    [
        NewRun("a", metrics: ["auc", "loss", "nan", "single"], parameters: ["depth", "lr", "single"]),
        NewRun("b", metrics: ["loss"], parameters: ["lr"]),
    ];

    [Fact]
    public void With_room_for_everything_shows_up_to_the_column_limits()
    {
        var columns = RunColumns.Select(Runs, filter: null, orderBy: null, availableWidth: 1000);

        Assert.Equal(["loss", "auc", "nan", "single"], columns.MetricKeys);
        Assert.Equal(["lr", "depth", "single"], columns.ParamKeys);
        Assert.Equal((0, 0), (columns.HiddenMetricKeys, columns.HiddenParamKeys));
    }

    [Fact]
    public void Keys_named_in_the_filter_or_order_by_come_first_and_the_rest_fits_the_width()
    {
        var columns = RunColumns.Select(Runs, "params.depth = '4'", ["metrics.nan DESC"], availableWidth: 30);

        Assert.Equal(["nan"], columns.MetricKeys);
        Assert.Equal(["depth"], columns.ParamKeys);
        Assert.Equal((3, 2), (columns.HiddenMetricKeys, columns.HiddenParamKeys));
    }

    [Fact]
    public void No_room_means_no_extra_columns()
    {
        var columns = RunColumns.Select(Runs, null, null, availableWidth: 5);

        Assert.Empty(columns.MetricKeys);
        Assert.Empty(columns.ParamKeys);
    }

    private static Run NewRun(string id, string[] metrics, string[] parameters) => new(
        new RunInfo(id, "1", id, "alice", RunStatus.Finished, 1, 2, "mlflow-artifacts:/1", LifecycleStage.Active),
        [.. metrics.Select(key => new Metric(key, 0.5, 1, 0))],
        [.. parameters.Select(key => new Param(key, "4"))],
        [],
        []);
}
