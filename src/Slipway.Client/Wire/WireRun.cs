namespace Slipway.Client.Wire;

internal sealed record WireRun
{
    public WireRunInfo? Info { get; init; }

    public WireRunData? Data { get; init; }

    public WireRunInputs? Inputs { get; init; }
}
