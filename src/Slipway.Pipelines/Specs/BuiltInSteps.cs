using System.Globalization;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Uris;
using Slipway.Core.Validation;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// The built-in steps a pipeline can <c>uses:</c>, with the keys of their <c>with</c>. Values may hold templates
/// (<c>${{ params.model }}</c>), which are checked when the run resolves them; everything else is checked at parse
/// time. Steps named by <c>from</c> and <c>candidate</c> become dependencies of the step.
/// </summary>
public static class BuiltInSteps
{
    public const string ValidateDataset = "validate-dataset";
    public const string RegisterModel = "register-model";
    public const string PromoteModel = "promote-model";
    public const string CompareModel = "compare-model";
    public const string BatchScore = "batch-score";

    /// <summary>The alias <c>compare-model</c> compares against when neither alias nor stage is given.</summary>
    public const string DefaultCompareAlias = "champion";

    public static IReadOnlyList<BuiltInStep> All { get; } =
    [
        new(ValidateDataset, "Runs a validation suite against a dataset version; the step fails when an expectation of severity error fails.",
        [
            new("dataset", true, "The dataset version to check: data:<name>@<version|tag>.") { Kind = BuiltInValueKind.DatasetReference },
            new("suite", true, "The suite file (YAML), relative to the pipeline file's directory.") { Kind = BuiltInValueKind.RelativePath },
        ]),
        new(RegisterModel, "Registers a model version from a step's output or a run's artifacts.",
        [
            new("model", true, "The registered model's name (created when it does not exist).") { Kind = BuiltInValueKind.ModelName },
            new("from", true, "Where the model files are: steps.<step>.outputs.<output> or runs:/<run id>/<path>.") { Kind = BuiltInValueKind.StepOutputOrRunArtifact },
            new("description", false, "The new version's description."),
            new("alias", false, "An alias to point at the new version, such as candidate.") { Kind = BuiltInValueKind.Alias },
            new("stage", false, "A stage to move the new version to: Staging, Production or Archived.") { Kind = BuiltInValueKind.Stage },
        ]),
        new(PromoteModel, "Points an alias at a model version, or moves the version to a stage; exactly one of alias and stage.",
        [
            new("model", true, "The registered model's name.") { Kind = BuiltInValueKind.ModelName },
            new("version", true, "The version to promote, such as ${{ steps.register.metrics.version }}.") { Kind = BuiltInValueKind.Version },
            new("alias", false, "The alias to point at the version (exactly one of alias and stage).") { Kind = BuiltInValueKind.Alias },
            new("stage", false, "The stage to move the version to (exactly one of alias and stage).") { Kind = BuiltInValueKind.Stage },
            new("archive_existing", false, "With stage: archive the versions already in that stage.", "false") { Kind = BuiltInValueKind.Boolean },
        ]),
        new(CompareModel, "Compares a step's metric with the same metric of a registered model version; sets the metric 'better' to 1 when the candidate wins, else 0.",
        [
            new("candidate", true, "The step whose run is the candidate: steps.<step>.") { Kind = BuiltInValueKind.Step },
            new("model", true, "The registered model to compare against.") { Kind = BuiltInValueKind.ModelName },
            new("alias", false, "The version to compare against, by alias (at most one of alias and stage).", DefaultCompareAlias) { Kind = BuiltInValueKind.Alias },
            new("stage", false, "The version to compare against, by stage (at most one of alias and stage).") { Kind = BuiltInValueKind.Stage },
            new("metric", true, "The metric to compare.") ,
            new("goal", false, "maximize or minimize.", "maximize") { Kind = BuiltInValueKind.Goal },
            new("min_delta", false, "How much better the candidate must be to win (a number, 0 or more).", "0") { Kind = BuiltInValueKind.NonNegativeNumber },
        ]),
        new(BatchScore, "Scores every CSV and Parquet file of a dataset version with a registered model, in the serving runtime, and commits the rows with their predictions as Parquet files in a new version of another dataset; logs rows and rows_per_second.",
        [
            new("model", true, "The model version to score with: models:/<name>@<alias>, models:/<name>/<version> or models:/<name>/<stage>.") { Kind = BuiltInValueKind.ModelUri },
            new("input", true, "The dataset version to score: data:<name>@<version|tag>, optionally /<path> to score only the files under it.") { Kind = BuiltInValueKind.DatasetReference },
            new("output", true, "The dataset to commit the predictions to, as a new version: <name> or data:<name>.") { Kind = BuiltInValueKind.DatasetName },
        ]),
    ];

    public static BuiltInStep? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// The step named by a <c>with</c> value, for <c>steps.&lt;step&gt;</c> and <c>steps.&lt;step&gt;.outputs.&lt;output&gt;</c>;
    /// null for anything else.
    /// </summary>
    public static string? ReferencedStep(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().Split('.') switch
        {
            ["steps", var step] when ReferencePath.IsName(step) => step,
            ["steps", var step, "outputs", var output] when ReferencePath.IsName(step) && ReferencePath.IsName(output) => step,
            _ => null,
        };
    }

    /// <summary>
    /// Checks a built-in step's <c>with</c> (keys already known to be the step's) and adds the defaults of keys
    /// left out. <paramref name="outputsOf"/> gives a step's declared outputs, or null when there is no such step.
    /// Problems are reported as (key, message); a key of "" is about the whole <c>with</c>. Keys in
    /// <paramref name="unreadable"/> were given but already reported (such as a list given for a text); they count as
    /// given.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> Check(
        BuiltInStep builtIn,
        IReadOnlyDictionary<string, string> with,
        IReadOnlyCollection<string> unreadable,
        string self,
        Func<string, IReadOnlyCollection<string>?> outputsOf,
        Action<string, string> report)
    {
        var values = new Dictionary<string, string>(with, StringComparer.Ordinal);
        bool Given(string key) => with.ContainsKey(key) || unreadable.Contains(key);
        foreach (var field in builtIn.Fields.Where(f => f.Required && !Given(f.Name)))
        {
            report(string.Empty, $"{builtIn.Name} needs '{field.Name}': {field.Description}");
        }

        foreach (var (key, value) in with)
        {
            if (builtIn.Field(key) is { } field && CheckValue(field, value, self, outputsOf) is var (problem, canonical))
            {
                if (problem is not null)
                {
                    report(key, problem);
                }
                else
                {
                    values[key] = canonical!;
                }
            }
        }

        var hasAlias = Given("alias");
        var hasStage = Given("stage");
        switch (builtIn.Name)
        {
            case PromoteModel when hasAlias == hasStage:
                report(string.Empty, hasAlias
                    ? "promote-model takes alias or stage, not both"
                    : "promote-model needs 'alias' or 'stage': where to promote the version to");
                break;
            case CompareModel when hasAlias && hasStage:
                report(string.Empty, "compare-model takes alias or stage, not both");
                break;
        }

        foreach (var field in builtIn.Fields.Where(f => f.Default is not null && !Given(f.Name)))
        {
            if (!(builtIn.Name == CompareModel && field.Name == "alias" && hasStage))
            {
                values[field.Name] = field.Default!;
            }
        }

        return values;
    }

    /// <summary>(problem, null) when the value is wrong, else (null, its canonical text).</summary>
    private static (string? Problem, string? Canonical) CheckValue(
        BuiltInField field, string value, string self, Func<string, IReadOnlyCollection<string>?> outputsOf)
    {
        var templated = Template.HasTemplates(value);
        if (field.Kind is BuiltInValueKind.Step || (field.Kind is BuiltInValueKind.StepOutputOrRunArtifact && value.StartsWith("steps.", StringComparison.Ordinal)))
        {
            if (templated)
            {
                return ("a step reference cannot hold templates: the step must be known before the run starts", null);
            }
        }
        else if (templated)
        {
            return (null, value);
        }

        if (value.Length == 0 && field.Kind != BuiltInValueKind.Text)
        {
            return ("expected a value, got nothing", null);
        }

        try
        {
            switch (field.Kind)
            {
                case BuiltInValueKind.DatasetReference:
                    return (null, DatasetReference.Parse(value).ToString());
                case BuiltInValueKind.ModelUri:
                    return (null, ModelUri.Parse(value).ToString());
                case BuiltInValueKind.DatasetName:
                    var name = DatasetReference.Parse(value);
                    return value.Contains('@', StringComparison.Ordinal) || name.Path.Length > 0
                        ? ($"expected a dataset name such as {name.Name}, got '{value}': the step makes a new version", null)
                        : (null, name.Name);
                case BuiltInValueKind.RelativePath:
                    return (SpecPaths.RelativePathProblem(value), value);
                case BuiltInValueKind.ModelName:
                    RegistryValidator.ValidateModelName(value, field.Name);
                    return (null, value);
                case BuiltInValueKind.Alias:
                    RegistryValidator.ValidateAlias(value, field.Name);
                    return (null, value);
                case BuiltInValueKind.Stage:
                    return ModelStage.TryNormalize(value, out var stage)
                        ? (null, stage)
                        : ($"expected one of {string.Join(", ", ModelStage.All)}, got '{value}'", null);
                case BuiltInValueKind.Version:
                    return (null, RegistryValidator.ParseVersion(value).ToString(CultureInfo.InvariantCulture));
                case BuiltInValueKind.Boolean:
                    return ParamValues.TryCanonicalize(ParamType.Boolean, value, out var flag)
                        ? (null, flag)
                        : ($"expected true or false, got '{value}'", null);
                case BuiltInValueKind.Goal:
                    return value is "maximize" or "minimize" ? (null, value) : ($"expected maximize or minimize, got '{value}'", null);
                case BuiltInValueKind.NonNegativeNumber:
                    return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= 0
                        ? (null, value)
                        : ($"expected a number, 0 or more, got '{value}'", null);
                case BuiltInValueKind.Step:
                    return (CheckStep(value, self, outputsOf, null), value);
                case BuiltInValueKind.StepOutputOrRunArtifact:
                    return (CheckSource(value, self, outputsOf), value);
                default:
                    return (null, value);
            }
        }
        catch (SlipwayException e)
        {
            var message = e.Message;
            var supplied = message.IndexOf("supplied: ", StringComparison.Ordinal);
            return (supplied < 0 ? message : $"'{value}': {message[(supplied + "supplied: ".Length)..]}", null);
        }
    }

    private static string? CheckSource(string value, string self, Func<string, IReadOnlyCollection<string>?> outputsOf)
    {
        if (value.StartsWith("runs:/", StringComparison.Ordinal))
        {
            return RunArtifactProblem(value);
        }

        if (value.Split('.') is ["steps", var step, "outputs", var output])
        {
            return CheckStep($"steps.{step}", self, outputsOf, output);
        }

        return $"expected steps.<step>.outputs.<output> or runs:/<run id>/<path>, got '{value}'";
    }

    /// <summary>Why a <c>runs:/&lt;run id&gt;/&lt;path&gt;</c> source is malformed, or null.</summary>
    internal static string? RunArtifactProblem(string value)
    {
        var rest = value["runs:/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var runId = slash < 0 ? rest : rest[..slash];
        if (runId.Length == 0 || runId.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
        {
            return $"expected runs:/<run id>/<path>, got '{value}'";
        }

        return slash < 0 ? null : (rest[(slash + 1)..] is { Length: > 0 } path ? SpecPaths.RelativePathProblem(path) : null);
    }

    private static string? CheckStep(string value, string self, Func<string, IReadOnlyCollection<string>?> outputsOf, string? output)
    {
        if (value.Split('.') is not ["steps", var step] || !ReferencePath.IsName(step))
        {
            return $"expected steps.<step>, got '{value}'";
        }

        if (step == self)
        {
            return $"step '{self}' cannot refer to itself";
        }

        var outputs = outputsOf(step);
        if (outputs is null)
        {
            return $"no step '{step}' in this pipeline";
        }

        if (output is not null && !outputs.Contains(output))
        {
            return outputs.Count == 0
                ? $"step '{step}' declares no outputs"
                : $"step '{step}' has no output '{output}' (outputs: {string.Join(", ", outputs)})";
        }

        return null;
    }
}
