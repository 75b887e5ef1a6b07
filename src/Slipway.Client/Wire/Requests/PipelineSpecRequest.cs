namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/pipelines/validate</c>, <c>POST /api/v1/pipelines</c> and <c>POST /api/v1/pipeline-runs</c>.</summary>
internal sealed record PipelineSpecRequest
{
    public string? Spec { get; init; }

    public string? FileName { get; init; }

    public string? Code { get; init; }

    public Dictionary<string, string>? Params { get; init; }
}
