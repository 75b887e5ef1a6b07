using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// What <c>slipway run --local</c> needs of a pipeline file, read without a server: its name, params with their
/// defaults, environment, and each step's command, environment, outputs and first matrix combination. The server's
/// parser checks everything else; this reads leniently and ignores what it does not use.
/// </summary>
/// <remarks>A stand-in until the CLI references Slipway.Pipelines, whose spec parser and Template replace it.</remarks>
internal sealed record LocalPipeline(
    string Name,
    IReadOnlyList<(string Name, string? Default)> Params,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<LocalStep> Steps)
{
    /// <summary>Keys of a step's <c>matrix</c> that configure the sweep rather than name a variable.</summary>
    private static readonly HashSet<string> MatrixSettings = new(StringComparer.Ordinal)
    {
        "strategy", "budget", "seed", "max_parallel", "rank", "metric", "goal", "maximize",
    };

    public LocalStep? FindStep(string name) => Steps.FirstOrDefault(s => s.Name == name);

    /// <exception cref="CommandException">The text is not YAML, or not shaped like a pipeline file; the message cites <c>file:line:col</c>.</exception>
    public static LocalPipeline Parse(string text, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new CommandException($"{fileName}:{ex.Start.Line}:{ex.Start.Column}: {ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new CommandException($"{fileName}: expected a pipeline (a mapping with name, params and steps).");
        }

        var reader = new Reader(fileName);
        var name = reader.Scalar(root, "name") ?? Path.GetFileNameWithoutExtension(fileName);
        var parameters = reader.Mapping(root, "params").Select(p => (p.Key, p.Value switch
        {
            YamlMappingNode declared => reader.Scalar(declared, "default"),
            var value => reader.ScalarValue(value, $"params.{p.Key}"),
        })).ToArray();
        var env = reader.Strings(root, "env", "env");
        var steps = reader.Mapping(root, "steps").Select(s =>
        {
            var path = $"steps.{s.Key}";
            var step = s.Value as YamlMappingNode ?? throw reader.Problem(s.Value, path, "expected a mapping with 'run' (or 'uses')");
            return new LocalStep(
                s.Key,
                reader.Scalar(step, "run"),
                reader.Scalar(step, "uses"),
                reader.Strings(step, "env", path + ".env"),
                FirstCombination(reader, step, path),
                Outputs(reader, step, path));
        }).ToArray();
        if (steps.Length == 0)
        {
            throw new CommandException($"{fileName}: the pipeline has no steps.");
        }

        return new LocalPipeline(name, parameters, env, steps);
    }

    /// <summary>The first value of each list, the low end of each range.</summary>
    private static Dictionary<string, string> FirstCombination(Reader reader, YamlMappingNode step, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, node) in reader.Mapping(step, "matrix").Where(v => !MatrixSettings.Contains(v.Key)))
        {
            var first = node switch
            {
                YamlSequenceNode list => list.Children.FirstOrDefault(),
                YamlMappingNode range when Child(range, "values") is YamlSequenceNode list => list.Children.FirstOrDefault(),
                YamlMappingNode range => Child(range, "low") ?? Child(range, "min"),
                _ => node,
            };
            if (first is not null && reader.ScalarValue(first, $"{path}.matrix.{key}") is { } value)
            {
                values[key] = value;
            }
        }

        return values;
    }

    /// <summary>Output name to its path in the step directory (<c>outputs: {model: model.onnx}</c> or <c>{model: {path: model.onnx}}</c>).</summary>
    private static Dictionary<string, string> Outputs(Reader reader, YamlMappingNode step, string path)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, node) in reader.Mapping(step, "outputs"))
        {
            var value = node is YamlMappingNode declared ? reader.Scalar(declared, "path") : reader.ScalarValue(node, $"{path}.outputs.{key}");
            outputs[key] = value ?? key;
        }

        return outputs;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    /// <summary>Reads nodes, citing <c>file:line:col: field</c> for anything shaped wrong.</summary>
    private sealed class Reader(string fileName)
    {
        public string? Scalar(YamlMappingNode mapping, string key) =>
            Child(mapping, key) is { } node ? ScalarValue(node, key) : null;

        /// <summary>A scalar's text; null for YAML's null (<c>~</c>, <c>null</c> or nothing).</summary>
        public string? ScalarValue(YamlNode node, string path) => node switch
        {
            YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => null,
            YamlScalarNode scalar => scalar.Value,
            _ => throw Problem(node, path, "expected a single value"),
        };

        /// <summary>The entries of a mapping under <paramref name="key"/>, in file order; none when it is absent.</summary>
        public IEnumerable<KeyValuePair<string, YamlNode>> Mapping(YamlMappingNode parent, string key) => Child(parent, key) switch
        {
            null => [],
            YamlScalarNode scalar when ScalarValue(scalar, key) is null => [],
            YamlMappingNode mapping => mapping.Children.Select(c => new KeyValuePair<string, YamlNode>(ScalarValue(c.Key, key) ?? string.Empty, c.Value)),
            var other => throw Problem(other, key, "expected a mapping"),
        };

        public Dictionary<string, string> Strings(YamlMappingNode parent, string key, string path) =>
            Mapping(parent, key).ToDictionary(e => e.Key, e => ScalarValue(e.Value, $"{path}.{e.Key}") ?? string.Empty, StringComparer.Ordinal);

        public CommandException Problem(YamlNode node, string path, string message) =>
            new($"{fileName}:{node.Start.Line}:{node.Start.Column}: {path}: {message}");
    }
}
