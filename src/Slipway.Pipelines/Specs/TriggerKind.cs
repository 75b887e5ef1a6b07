namespace Slipway.Pipelines.Specs;

public enum TriggerKind
{
    /// <summary>A cron expression in a time zone.</summary>
    Schedule,

    /// <summary>Calls to the pipeline's webhooks (created with <c>slipway pipelines webhook create</c>).</summary>
    Webhook,

    /// <summary>A new version of a named dataset.</summary>
    Dataset,

    /// <summary>An alert of a named monitor (or any alert).</summary>
    Alert,
}
