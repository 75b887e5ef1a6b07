namespace Slipway.Pipelines.Specs;

public enum InputKind
{
    /// <summary><c>data:name@version</c>, <c>data:name@tag</c> or <c>data:name@version/path</c>.</summary>
    Dataset,

    /// <summary><c>steps.&lt;step&gt;.outputs.&lt;output&gt;</c>.</summary>
    StepOutput,

    /// <summary><c>runs:/&lt;run id&gt;/&lt;artifact path&gt;</c>.</summary>
    RunArtifact,
}
