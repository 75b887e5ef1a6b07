namespace Slipway.Core.Pipelines;

/// <summary>What started a pipeline run: <c>manual</c>, <c>schedule</c>, <c>webhook</c>, <c>dataset</c> or <c>alert</c>, with a detail such as the cron expression or the dataset version.</summary>
public sealed record PipelineTrigger(string Kind, string? Detail)
{
    public const string Manual = "manual";
    public const string Schedule = "schedule";
    public const string Webhook = "webhook";
    public const string Dataset = "dataset";
    public const string Alert = "alert";
    public const string Retry = "retry";

    public static PipelineTrigger ManualLaunch { get; } = new(Manual, null);

    /// <summary>True for triggers that fire on their own, which the pipeline's cooldown applies to.</summary>
    public bool IsAutomatic => Kind is Schedule or Webhook or Dataset or Alert;
}
