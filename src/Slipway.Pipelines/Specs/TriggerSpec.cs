namespace Slipway.Pipelines.Specs;

/// <summary>
/// An automatic trigger of a registered pipeline. <see cref="Key"/> is stable across re-registrations of the same
/// spec (such as <c>schedule:0 3 * * *@Europe/Paris</c>) and names the trigger's firing record.
/// </summary>
public sealed record TriggerSpec(
    TriggerKind Kind,
    string? Cron,
    string? TimeZone,
    string? Dataset,
    string? Alert,
    IReadOnlyDictionary<string, string> Params,
    SourceLocation Location)
{
    public string Key => Kind switch
    {
        TriggerKind.Schedule => $"schedule:{Cron}@{TimeZone ?? "UTC"}",
        TriggerKind.Dataset => $"dataset:{Dataset}",
        TriggerKind.Alert => $"alert:{Alert}",
        _ => "webhook",
    };
}
