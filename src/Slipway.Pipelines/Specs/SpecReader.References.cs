using Slipway.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace Slipway.Pipelines.Specs;

/// <summary>Checks of the references in templates and conditions against what the file declares.</summary>
internal sealed partial class SpecReader
{
    private static readonly Scope PipelineScope = new("in the pipeline's env", null, null, null, null);

    /// <summary>
    /// What a template or condition may refer to where it stands: <see cref="Self"/> (null at the pipeline level)
    /// and the step's inputs, outputs and matrix variables (null: not available there). With
    /// <see cref="MatrixUnknown"/>, the step's matrix is faulty (and reported), so its variables are not checked.
    /// </summary>
    private sealed record Scope(
        string Where,
        string? Self,
        IReadOnlyCollection<string>? Inputs,
        IReadOnlyCollection<string>? Outputs,
        IReadOnlyCollection<string>? Matrix,
        bool ParamsOnly = false,
        bool MatrixUnknown = false);

    /// <summary>Reports malformed templates in <paramref name="text"/> and references to things that do not exist.</summary>
    private void CheckTemplates(YamlNode node, string field, string text, Scope scope)
    {
        var problems = new List<(int Position, string Message)>();
        foreach (var part in Template.Scan(text, problems))
        {
            if (ReferenceProblem(part.Reference, scope) is { } problem)
            {
                problems.Add((part.Start, problem));
            }
        }

        foreach (var (_, message) in problems.OrderBy(p => p.Position))
        {
            Error(node, field, message);
        }
    }

    /// <summary>Parses a <c>when</c> condition and checks its references; null when it is faulty (reported).</summary>
    private Condition? ReadCondition(YamlNode node, string field, string text, Scope scope)
    {
        Condition condition;
        try
        {
            condition = Condition.Parse(text);
        }
        catch (SlipwayException e)
        {
            Error(node, field, e.Message);
            return null;
        }

        var valid = true;
        foreach (var path in condition.Paths)
        {
            if (ReferenceProblem(path, scope) is { } problem)
            {
                Error(node, field, problem);
                valid = false;
            }
        }

        return valid ? condition : null;
    }

    /// <summary>Why <paramref name="reference"/> cannot be used in <paramref name="scope"/>, or null when it can.</summary>
    private string? ReferenceProblem(ReferencePath reference, Scope scope)
    {
        var text = reference.Text;
        if (reference.Kind == ReferenceKind.Param)
        {
            return _params.Exists(p => p.Name == reference.Name) ? null : $"'{text}': {UnknownParam(reference.Name!)}";
        }

        if (scope.ParamsOnly)
        {
            return $"'{text}' is not available {scope.Where}: only params are";
        }

        switch (reference.Kind)
        {
            case ReferenceKind.PipelineName or ReferenceKind.PipelineRunId or ReferenceKind.TriggerKind or ReferenceKind.TriggerDetail:
                return null;
            case ReferenceKind.Matrix when scope.MatrixUnknown:
                return null;
            case ReferenceKind.Matrix:
                return scope.Matrix is null
                    ? $"'{text}': matrix values are available in steps with a matrix only"
                    : Member(reference.Name!, scope.Matrix, $"'{text}': no matrix variable '{reference.Name}'", "variables");
            case ReferenceKind.Input:
                return scope.Inputs is null
                    ? $"'{text}' is not available {scope.Where}"
                    : Member(reference.Name!, scope.Inputs, $"'{text}': step '{scope.Self}' has no input '{reference.Name}'", "inputs");
            case ReferenceKind.Output:
                return scope.Outputs is null
                    ? $"'{text}' is not available {scope.Where}"
                    : Member(reference.Name!, scope.Outputs, $"'{text}': step '{scope.Self}' has no output '{reference.Name}'", "outputs");
            case ReferenceKind.StepName:
                return scope.Self is null ? $"'{text}' is not available {scope.Where}" : null;
            default:
                if (scope.Self is null)
                {
                    return $"'{text}' is not available {scope.Where}: it refers to a step";
                }

                if (reference.Step == scope.Self)
                {
                    return $"'{text}': step '{scope.Self}' cannot refer to its own {(reference.Kind == ReferenceKind.StepStatus ? "status" : "metrics")}";
                }

                return _steps.ContainsKey(reference.Step!)
                    ? null
                    : $"'{text}': no step '{reference.Step}' in this pipeline{Suggestions.DidYouMean(reference.Step!, _steps.Keys)}";
        }
    }

    private static string? Member(string name, IReadOnlyCollection<string> names, string problem, string what) =>
        names.Contains(name)
            ? null
            : names.Count == 0
                ? $"{problem} (it declares no {what})"
                : $"{problem}{Suggestions.DidYouMean(name, names)} ({what}: {string.Join(", ", names)})";
}
