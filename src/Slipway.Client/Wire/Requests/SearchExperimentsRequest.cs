namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>experiments/search</c>.</summary>
internal sealed record SearchExperimentsRequest
{
    public int? MaxResults { get; init; }

    public string? PageToken { get; init; }

    public string? Filter { get; init; }

    public List<string>? OrderBy { get; init; }

    public string? ViewType { get; init; }
}
