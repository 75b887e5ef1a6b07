namespace Slipway.Pipelines.Specs;

/// <summary>
/// A named input, materialised as <c>inputs/&lt;name&gt;</c> in the step directory. <see cref="Source"/> is the text
/// as written, which may hold templates: <c>data:churn@3</c> (a dataset version), <c>steps.train.outputs.model</c>
/// (another step's output) or <c>runs:/&lt;run id&gt;/path</c> (a run's artifacts).
/// </summary>
public sealed record InputSpec(string Name, string Source, InputKind Kind, SourceLocation Location)
{
    /// <summary>For <see cref="InputKind.StepOutput"/>: the producing step and its output's name.</summary>
    public (string Step, string Output)? StepOutput =>
        Kind == InputKind.StepOutput && Source.Split('.') is ["steps", var step, "outputs", var output] ? (step, output) : null;
}
