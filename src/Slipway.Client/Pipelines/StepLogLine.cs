namespace Slipway.Client.Pipelines;

/// <summary>A line of a step's log, without its line ending.</summary>
public sealed record StepLogLine(string Step, string Text)
{
    /// <summary>The line as logs are printed: <c>[step] text</c>, or the bare text when it is of <paramref name="stepAskedFor"/>.</summary>
    public string Display(string? stepAskedFor) => Step == stepAskedFor ? Text : $"[{Step}] {Text}";
}
