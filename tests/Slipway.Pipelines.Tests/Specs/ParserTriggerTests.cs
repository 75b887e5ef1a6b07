using Slipway.Pipelines.Specs;
using static Slipway.Pipelines.Tests.Specs.SpecTestHelpers;

namespace Slipway.Pipelines.Tests.Specs;

public class ParserTriggerTests
{
    private const string Params = "params: {epochs: 10, mode: {default: fast, choices: [fast, slow]}, lr: 0.1}\n";

    private static IReadOnlyList<TriggerSpec> Triggers(string list) =>
        Parse($"name: p\n{Params}triggers:\n{list}steps:\n  a: {{run: x}}\n").Triggers;

    /// <summary>The single error of a file whose triggers (from line 4 on) are <paramref name="list"/>.</summary>
    private static SpecError Error(string list) =>
        SingleError($"name: p\n{Params}triggers:\n{list}steps:\n  a: {{run: x}}\n");

    [Fact]
    public void Each_kind_of_trigger_parses()
    {
        var triggers = Triggers("""
              - schedule: "0 3 * * *"
              - schedule: "*/30 * * * * *"
                timezone: America/New_York
              - schedule: "@daily"
              - webhook: true
                params: {epochs: "20", mode: slow, lr: 1e-2}
              - dataset: churn.v2
              - alert: churn-drift
              - alert: "*"

            """);

        Assert.Equal(7, triggers.Count);
        Assert.Equal(new TriggerSpec(TriggerKind.Schedule, "0 3 * * *", "UTC", null, null, triggers[0].Params, new SourceLocation(4, 5)), triggers[0]);
        Assert.Equal("schedule:0 3 * * *@UTC", triggers[0].Key);
        Assert.Equal("America/New_York", triggers[1].TimeZone);
        Assert.Equal("*/30 * * * * *", triggers[1].Cron);
        Assert.Equal("@daily", triggers[2].Cron);
        Assert.Equal(TriggerKind.Webhook, triggers[3].Kind);
        Assert.Equal("webhook", triggers[3].Key);
        Assert.Equal(new Dictionary<string, string> { ["epochs"] = "20", ["mode"] = "slow", ["lr"] = "0.01" }, triggers[3].Params);
        Assert.Equal(new TriggerSpec(TriggerKind.Dataset, null, null, "churn.v2", null, triggers[4].Params, new SourceLocation(10, 5)), triggers[4]);
        Assert.Empty(triggers[4].Params);
        Assert.Equal("alert:churn-drift", triggers[5].Key);
        Assert.Equal("*", triggers[6].Alert);
    }

    [Fact]
    public void No_triggers_is_an_empty_list()
    {
        Assert.Empty(Parse("name: p\ntriggers:\nsteps: {a: {run: x}}\n").Triggers);
        Assert.Empty(Parse("name: p\ntriggers: []\nsteps: {a: {run: x}}\n").Triggers);
    }

    [Theory]
    [InlineData("  - {timezone: UTC}\n", 4, 5, "triggers[0]", "a trigger needs one of schedule, webhook, dataset or alert")]
    [InlineData("  - {schedule: '0 3 * * *', dataset: churn}\n", 4, 5, "triggers[0]", "a trigger has one of schedule, webhook, dataset or alert, not several (schedule, dataset)")]
    [InlineData("  - schedule: '0 3 * *'\n", 4, 15, "triggers[0].schedule", "expected a cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first), got '0 3 * *'")]
    [InlineData("  - schedule: '0 25 * * *'\n", 4, 15, "triggers[0].schedule", "invalid cron expression '0 25 * * *': Hours: Value must be a number between 0 and 23")]
    [InlineData("  - schedule: '0 3 * * *'\n    timezone: Mars/Olympus\n", 5, 15, "triggers[0].timezone", "unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Paris, America/New_York or UTC)")]
    [InlineData("  - webhook: true\n    timezone: UTC\n", 5, 5, "triggers[0].timezone", "timezone applies to schedule triggers only")]
    [InlineData("  - webhook: false\n", 4, 14, "triggers[0].webhook", "'webhook: false' enables nothing; remove the trigger instead")]
    [InlineData("  - webhook: maybe\n", 4, 14, "triggers[0].webhook", "expected true or false, got 'maybe'")]
    [InlineData("  - dataset: 'data:churn@3'\n", 4, 14, "triggers[0].dataset", "expected a dataset name, without data: or a version (such as 'churn'), got 'data:churn@3'")]
    [InlineData("  - dataset: -churn\n", 4, 14, "triggers[0].dataset", "expected a dataset name (1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit), got '-churn'")]
    [InlineData("  - alert: 'a b'\n", 4, 12, "triggers[0].alert", "expected a monitor name (1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit) or \"*\" for any, got 'a b'")]
    [InlineData("  - webhook: true\n    params: {epoch: 5}\n", 5, 14, "triggers[0].params.epoch", "unknown param 'epoch'; did you mean 'epochs'? (declared: epochs, mode, lr)")]
    [InlineData("  - webhook: true\n    params: {epochs: many}\n", 5, 22, "triggers[0].params.epochs", "param 'epochs' expects an int; got 'many'")]
    [InlineData("  - webhook: true\n    params: {mode: medium}\n", 5, 20, "triggers[0].params.mode", "param 'mode' must be one of fast, slow; got 'medium'")]
    [InlineData("  - webhook: true\n  - webhook: true\n", 5, 5, "triggers[1]", "the same trigger as triggers[0]")]
    [InlineData("  - '0 3 * * *'\n", 4, 5, "triggers[0]", "expected a mapping such as {schedule: \"0 3 * * *\", timezone: Europe/Paris}, got '0 3 * * *'")]
    public void Trigger_errors_name_the_field(string list, int line, int column, string field, string message)
    {
        var error = Error(list);
        Assert.Equal(new SourceLocation(line, column), error.Location);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Triggers_must_be_a_list()
    {
        var error = SingleError("name: p\ntriggers: {schedule: '0 3 * * *'}\nsteps: {a: {run: x}}\n");
        Assert.Equal("triggers", error.Field);
        Assert.StartsWith("expected a list of triggers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trigger_params_are_checked_against_a_pipeline_without_params()
    {
        var error = SingleError("name: p\ntriggers:\n  - webhook: true\n    params: {lr: 1}\nsteps: {a: {run: x}}\n");
        Assert.Equal("unknown param 'lr': the pipeline declares no params", error.Message);
    }
}
