namespace Slipway.Client.Wire;

/// <summary>Response of <c>POST /api/v1/datasets/{name}/versions/{ref}/validate</c>.</summary>
internal sealed record WireValidationReport
{
    public bool Passed { get; init; }

    public List<WireExpectationResult>? Results { get; init; }
}
