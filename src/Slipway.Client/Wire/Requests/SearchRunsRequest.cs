namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/search</c>.</summary>
internal sealed record SearchRunsRequest
{
    public List<string>? ExperimentIds { get; init; }

    public string? Filter { get; init; }

    public string? RunViewType { get; init; }

    public int? MaxResults { get; init; }

    public List<string>? OrderBy { get; init; }

    public string? PageToken { get; init; }
}
