using System.Text;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// Fills the <c>${{ reference }}</c> templates of one step for <c>slipway run --local</c>: params (defaults with the
/// <c>-p</c> overrides), the first matrix combination, and the paths a step directory would have
/// (<c>inputs/NAME</c>, an output's declared path). Other steps' metrics exist only in a real run.
/// </summary>
/// <remarks>A stand-in until the CLI references Slipway.Pipelines, whose Template class replaces it.</remarks>
internal sealed class LocalTemplate
{
    private const string Open = "${{";
    private const string Close = "}}";

    private readonly LocalPipeline _pipeline;
    private readonly LocalStep _step;
    private readonly IReadOnlyDictionary<string, string> _params;

    private LocalTemplate(LocalPipeline pipeline, LocalStep step, IReadOnlyDictionary<string, string> parameters)
    {
        _pipeline = pipeline;
        _step = step;
        _params = parameters;
    }

    /// <summary>
    /// The renderer for <paramref name="step"/>, with the params' defaults overridden by <paramref name="overrides"/>.
    /// </summary>
    /// <exception cref="CommandException">An override names no declared param, or a param without a default has no override (all such problems in one message).</exception>
    public static LocalTemplate For(LocalPipeline pipeline, LocalStep step, IReadOnlyDictionary<string, string> overrides)
    {
        var problems = new List<string>();
        var declared = pipeline.Params.Select(p => p.Name).ToList();
        foreach (var name in overrides.Keys.Where(k => !declared.Contains(k)).Order(StringComparer.Ordinal))
        {
            problems.Add(declared.Count == 0
                ? $"unknown param '{name}': pipeline '{pipeline.Name}' declares no params"
                : $"unknown param '{name}' (declared: {string.Join(", ", declared)})");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, defaultValue) in pipeline.Params)
        {
            if ((overrides.TryGetValue(name, out var value) ? value : defaultValue) is { } chosen)
            {
                values[name] = chosen;
            }
            else
            {
                problems.Add($"param '{name}' has no default: give it with -p {name}=VALUE");
            }
        }

        return problems.Count == 0 ? new LocalTemplate(pipeline, step, values) : throw new CommandException(string.Join("; ", problems));
    }

    /// <summary>The step's command with its templates filled.</summary>
    public string Command => Render(_step.Run ?? string.Empty, $"steps.{_step.Name}.run");

    /// <summary>The pipeline's environment, then the step's on top, with templates filled.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in _pipeline.Env)
        {
            env[key] = Render(value, $"env.{key}");
        }

        foreach (var (key, value) in _step.Env)
        {
            env[key] = Render(value, $"steps.{_step.Name}.env.{key}");
        }

        return env;
    }

    /// <summary>Substitutes every template of <paramref name="text"/>; <paramref name="field"/> names where the text came from in messages.</summary>
    public string Render(string text, string field)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        while (text.IndexOf(Open, at, StringComparison.Ordinal) is var start and >= 0)
        {
            var end = text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new CommandException($"{field}: unclosed '{Open}' at character {start + 1}: close it with '{Close}'.");
            }

            result.Append(text, at, start - at).Append(Lookup(text[(start + Open.Length)..end].Trim(), field));
            at = end + Close.Length;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    private string Lookup(string reference, string field)
    {
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        var (head, name) = dot < 0 ? (reference, string.Empty) : (reference[..dot], reference[(dot + 1)..]);
        return (head, name) switch
        {
            ("params", _) => _params.TryGetValue(name, out var value) ? value
                : throw new CommandException($"{field}: '{reference}' names no declared param (declared: {string.Join(", ", _params.Keys)})."),
            ("matrix", _) => _step.Matrix.TryGetValue(name, out var value) ? value
                : throw new CommandException($"{field}: '{reference}' names no matrix variable of step '{_step.Name}'."),
            ("inputs", { Length: > 0 }) => $"inputs/{name}",
            ("outputs", _) => _step.Outputs.TryGetValue(name, out var path) ? path
                : throw new CommandException($"{field}: '{reference}' names no output of step '{_step.Name}'."),
            ("pipeline", "name") => _pipeline.Name,
            ("pipeline", "run_id") => "local",
            ("step", "name") => _step.Name,
            ("trigger", "kind") => "manual",
            ("trigger", "detail") => string.Empty,
            ("steps", _) => throw new CommandException(
                $"{field}: '{reference}' comes from another step's run, which --local does not have; run the pipeline with `slipway run` instead."),
            _ => throw new CommandException($"{field}: '{reference}' is not something a template can refer to."),
        };
    }
}
