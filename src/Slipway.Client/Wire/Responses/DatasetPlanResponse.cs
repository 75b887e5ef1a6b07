namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>POST /api/v1/datasets/{name}/plan</c>: the hashes the server lacks, each once.</summary>
internal sealed record DatasetPlanResponse
{
    public List<string>? Missing { get; init; }
}
