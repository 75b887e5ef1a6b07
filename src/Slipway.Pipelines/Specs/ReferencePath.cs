using System.Buffers;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// A parsed reference such as <c>params.lr</c>, <c>steps.eval.metrics.val/accuracy</c> or <c>trigger.kind</c>.
/// <see cref="Step"/> is set for <see cref="ReferenceKind.StepMetric"/> and <see cref="ReferenceKind.StepStatus"/>;
/// <see cref="Name"/> is the param, matrix variable, input, output or metric key where there is one.
/// </summary>
public sealed record ReferencePath(ReferenceKind Kind, string Text, string? Step, string? Name)
{
    /// <summary>What conditions may refer to.</summary>
    public const string ConditionForms =
        "params.<name>, matrix.<var>, steps.<step>.metrics.<key>, steps.<step>.status, trigger.kind or trigger.detail";

    /// <summary>What templates may refer to.</summary>
    public const string TemplateForms =
        "params.<name>, matrix.<var>, inputs.<name>, outputs.<name>, pipeline.name, pipeline.run_id, trigger.kind, trigger.detail, step.name or steps.<step>.metrics.<key>";

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private static readonly SearchValues<char> MetricKeyCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./");

    /// <summary>True for references conditions may use.</summary>
    public bool IsConditionReference => Kind is ReferenceKind.Param or ReferenceKind.Matrix or ReferenceKind.StepMetric
        or ReferenceKind.StepStatus or ReferenceKind.TriggerKind or ReferenceKind.TriggerDetail;

    /// <summary>True for references templates may use.</summary>
    public bool IsTemplateReference => Kind != ReferenceKind.StepStatus;

    /// <summary>
    /// Parses any reference form. Names (params, matrix variables, inputs, outputs, steps) are letters, digits, '_'
    /// and '-', starting with a letter or '_'; metric keys may also hold '.' and '/'.
    /// </summary>
    public static bool TryParse(string? text, out ReferencePath reference)
    {
        reference = null!;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return false;
        }

        var head = text[..dot];
        var rest = text[(dot + 1)..];
        ReferencePath? parsed = head switch
        {
            "params" when IsName(rest) => new(ReferenceKind.Param, text, null, rest),
            "matrix" when IsName(rest) => new(ReferenceKind.Matrix, text, null, rest),
            "inputs" when IsName(rest) => new(ReferenceKind.Input, text, null, rest),
            "outputs" when IsName(rest) => new(ReferenceKind.Output, text, null, rest),
            "pipeline" when rest == "name" => new(ReferenceKind.PipelineName, text, null, null),
            "pipeline" when rest == "run_id" => new(ReferenceKind.PipelineRunId, text, null, null),
            "trigger" when rest == "kind" => new(ReferenceKind.TriggerKind, text, null, null),
            "trigger" when rest == "detail" => new(ReferenceKind.TriggerDetail, text, null, null),
            "step" when rest == "name" => new(ReferenceKind.StepName, text, null, null),
            "steps" => ParseStep(text, rest),
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        reference = parsed;
        return true;
    }

    /// <summary>A name as params, matrix variables, inputs and outputs use: 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'.</summary>
    public static bool IsName(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= 64 && (char.IsAsciiLetter(text[0]) || text[0] == '_')
        && !text.AsSpan().ContainsAnyExcept(NameCharacters);

    /// <summary>A hint for text that is close to a reference but is not one, or null.</summary>
    internal static string? Hint(string text)
    {
        if (text.StartsWith("steps.", StringComparison.Ordinal) && text.Split('.') is [_, var step, "outputs", var output])
        {
            return $"another step's output is passed as an input: declare 'inputs: {{{output}: steps.{step}.outputs.{output}}}' and use inputs.{output}";
        }

        if (text.StartsWith("steps.", StringComparison.Ordinal) && text.Split('.') is [_, _, "metric", ..])
        {
            return "metrics are steps.<step>.metrics.<key>";
        }

        if (text.StartsWith("param.", StringComparison.Ordinal) || text.StartsWith("input.", StringComparison.Ordinal)
            || text.StartsWith("output.", StringComparison.Ordinal))
        {
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            return $"did you mean '{text[..dot]}s{text[dot..]}'?";
        }

        return null;
    }

    public override string ToString() => Text;

    private static ReferencePath? ParseStep(string text, string rest)
    {
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return null;
        }

        var step = rest[..dot];
        var tail = rest[(dot + 1)..];
        if (!IsName(step))
        {
            return null;
        }

        if (tail == "status")
        {
            return new ReferencePath(ReferenceKind.StepStatus, text, step, null);
        }

        if (tail.StartsWith("metrics.", StringComparison.Ordinal))
        {
            var key = tail["metrics.".Length..];
            if (key.Length > 0 && !key.AsSpan().ContainsAnyExcept(MetricKeyCharacters))
            {
                return new ReferencePath(ReferenceKind.StepMetric, text, step, key);
            }
        }

        return null;
    }
}
