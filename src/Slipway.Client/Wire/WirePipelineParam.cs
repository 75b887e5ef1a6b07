namespace Slipway.Client.Wire;

internal sealed record WirePipelineParam
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Default { get; init; }

    public string? Description { get; init; }
}
