namespace Slipway.Client.Wire;

/// <summary>A model version the answering server has loaded for a deployment.</summary>
internal sealed record WireServedVersion
{
    public string? Model { get; init; }

    public string? Version { get; init; }

    public string? Uri { get; init; }

    public int Weight { get; init; }

    public string? Route { get; init; }

    public double LoadSeconds { get; init; }
}
