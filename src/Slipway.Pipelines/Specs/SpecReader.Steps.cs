using System.Text.RegularExpressions;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace Slipway.Pipelines.Specs;

/// <summary>The steps: their kind (run or uses), inputs and outputs, edges, resources and policies.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] StepKeys =
        ["run", "uses", "with", "env", "inputs", "outputs", "needs", "resources", "retries", "timeout", "cache", "code", "when", "matrix"];

    /// <summary>Keys that configure the process of a run step, which built-in steps (run inside the server) do not have.</summary>
    private static readonly string[] RunOnlyKeys = ["env", "inputs", "outputs", "resources", "code"];

    private static readonly string[] ResourceKeys = ["cpu", "memory", "gpu"];
    private static readonly string[] RetryKeys = ["count", "backoff"];
    private static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(5);
    private const int MaxRetries = 100;

    private readonly Dictionary<string, StepInfo> _steps = new(StringComparer.Ordinal);

    /// <summary>What other steps need to know of a step before it is read: whether it is built in, and its outputs.</summary>
    private sealed record StepInfo(string Name, bool IsBuiltIn, IReadOnlyList<string> Outputs);

    /// <summary>Names every step (and its outputs) first, so references may point forward in the file.</summary>
    private void DeclareSteps(List<Entry> entries)
    {
        foreach (var entry in entries)
        {
            if (!StepNamePattern().IsMatch(entry.Key))
            {
                Error(entry.KeyNode, entry.Field, $"step names are 1 to 64 letters, digits, '_' and '-', starting with a letter{(entry.Key.Contains('.', StringComparison.Ordinal) ? " (no '.')" : string.Empty)}; got '{entry.Key}'");
            }

            var keys = entry.Value is YamlMappingNode mapping
                ? mapping.Children.Where(c => c.Key is YamlScalarNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? string.Empty, c => c.Value, StringComparer.Ordinal)
                : [];
            var outputs = keys.TryGetValue("outputs", out var outputsNode) && outputsNode is YamlMappingNode outputMapping
                ? outputMapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToList()
                : [];
            var builtIn = keys.ContainsKey("uses") && !keys.ContainsKey("run");
            _steps[entry.Key] = new StepInfo(entry.Key, builtIn, outputs);
        }
    }

    private StepSpec? ReadStep(Entry entry)
    {
        var name = entry.Key;
        var path = entry.Field;
        if (Mapping(entry.Value, path, "{run: python train.py} or {uses: register-model, with: {...}}") is not { } mapping)
        {
            return null;
        }

        var fields = Entries(mapping, path, StepKeys).ToDictionary(e => e.Key, StringComparer.Ordinal);
        fields.TryGetValue("run", out var runEntry);
        fields.TryGetValue("uses", out var usesEntry);
        if (runEntry is not null && usesEntry is not null)
        {
            Error(usesEntry.KeyNode, Join(path, "uses"), "a step has run (a command) or uses (a built-in step), not both");
        }
        else if (runEntry is null && usesEntry is null)
        {
            Error(entry.KeyNode, path, "a step needs run (a command) or uses (a built-in step)");
        }

        BuiltInStep? builtIn = null;
        string? uses = null;
        if (usesEntry is not null && Text(usesEntry.Value, usesEntry.Field, "the name of a built-in step") is { } usesName)
        {
            builtIn = BuiltInSteps.Find(usesName);
            uses = usesName;
            if (builtIn is null)
            {
                var names = BuiltInSteps.All.Select(s => s.Name).ToList();
                Error(usesEntry.Value, usesEntry.Field, $"unknown built-in step '{usesName}'{Suggestions.DidYouMean(usesName, names)} (built-in steps: {string.Join(", ", names)})");
            }
        }

        var isBuiltIn = usesEntry is not null && runEntry is null;
        if (isBuiltIn)
        {
            foreach (var key in RunOnlyKeys.Where(fields.ContainsKey))
            {
                Error(fields[key].KeyNode, fields[key].Field, $"'{key}' applies to run steps; built-in steps run inside the server");
            }

            if (fields.TryGetValue("matrix", out var matrixEntry))
            {
                Error(matrixEntry.KeyNode, matrixEntry.Field, "built-in steps cannot have a matrix; sweep a run step instead");
            }
        }
        else if (fields.TryGetValue("with", out var withEntry))
        {
            Error(withEntry.KeyNode, withEntry.Field, "'with' configures built-in steps (uses); a run step takes its settings in run, env and inputs");
        }

        var inputs = !isBuiltIn && fields.TryGetValue("inputs", out var inputsEntry) ? ReadInputs(inputsEntry, name) : [];
        var outputs = !isBuiltIn && fields.TryGetValue("outputs", out var outputsEntry) ? ReadOutputs(outputsEntry) : [];
        var errorsBefore = _errors.Count + _omitted;
        var matrix = !isBuiltIn && fields.TryGetValue("matrix", out var matrixField) ? ReadMatrix(matrixField) : null;
        var matrixNames = matrix?.Variables.Select(v => v.Name).ToList();
        // Faulty inputs and outputs are reported already; they stay in scope so that templates using them are not.
        var scope = new Scope("here", name, KeysOf(fields, "inputs"), KeysOf(fields, "outputs"), matrixNames)
        {
            MatrixUnknown = fields.ContainsKey("matrix") && _errors.Count + _omitted > errorsBefore,
        };

        string? run = null;
        if (runEntry is not null && NonEmptyText(runEntry.Value, runEntry.Field, "a command") is { } command)
        {
            run = command;
            CheckTemplates(runEntry.Value, runEntry.Field, command, scope);
        }

        var env = !isBuiltIn && fields.TryGetValue("env", out var envEntry) ? ReadEnv(envEntry, scope) : new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> with = new Dictionary<string, string>(StringComparer.Ordinal);
        if (isBuiltIn && builtIn is not null)
        {
            fields.TryGetValue("with", out var withField);
            with = ReadWith(withField, usesEntry!, builtIn, name);
        }

        var needs = fields.TryGetValue("needs", out var needsEntry) ? ReadNeeds(needsEntry, name) : [];
        var resources = isBuiltIn
            ? ResourceRequest.None
            : fields.TryGetValue("resources", out var resourcesEntry) ? ReadResources(resourcesEntry) : ResourceRequest.Default;
        var retries = fields.TryGetValue("retries", out var retriesEntry) ? ReadRetries(retriesEntry) : RetryPolicy.None;
        TimeSpan? timeout = null;
        if (fields.TryGetValue("timeout", out var timeoutEntry) && Duration(timeoutEntry.Value, timeoutEntry.Field) is { } limit)
        {
            if (limit <= TimeSpan.Zero)
            {
                Error(timeoutEntry.Value, timeoutEntry.Field, "a timeout must be more than 0; leave it out for none");
            }
            else
            {
                timeout = limit;
            }
        }

        var cache = !fields.TryGetValue("cache", out var cacheEntry) || (Boolean(cacheEntry.Value, cacheEntry.Field) ?? true);
        var code = new List<string>();
        if (!isBuiltIn && fields.TryGetValue("code", out var codeEntry))
        {
            foreach (var (pattern, node) in TextList(codeEntry.Value, codeEntry.Field, "a path or glob relative to the pipeline's directory"))
            {
                if (SpecPaths.RelativePathProblem(pattern) is { } problem)
                {
                    Error(node, codeEntry.Field, problem);
                }
                else
                {
                    code.Add(pattern);
                }
            }
        }

        Condition? when = null;
        if (fields.TryGetValue("when", out var whenEntry) && NonEmptyText(whenEntry.Value, whenEntry.Field, "a condition such as steps.eval.metrics.accuracy > 0.9") is { } whenText)
        {
            when = ReadCondition(whenEntry.Value, whenEntry.Field, whenText, scope with { Where = "in a condition", Inputs = null, Outputs = null });
        }

        return new StepSpec(name, run, isBuiltIn ? uses : null, with, env, inputs, outputs, needs, resources, retries, timeout, cache, code, when, matrix, Location(entry.KeyNode));
    }

    /// <summary>The names of the mapping under <paramref name="key"/>, as written.</summary>
    private static List<string> KeysOf(Dictionary<string, Entry> fields, string key) =>
        fields.TryGetValue(key, out var entry) && entry.Value is YamlMappingNode mapping
            ? [.. mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty)]
            : [];

    /// <summary>
    /// Inputs by name: <c>data:&lt;name&gt;@&lt;version|tag&gt;[/path]</c>, <c>steps.&lt;step&gt;.outputs.&lt;output&gt;</c> or
    /// <c>runs:/&lt;run id&gt;/&lt;path&gt;</c>, classified by prefix (templates allowed, except in step outputs).
    /// </summary>
    private List<InputSpec> ReadInputs(Entry entry, string self)
    {
        var inputs = new List<InputSpec>();
        if (IsNull(entry.Value) || Mapping(entry.Value, entry.Field, "{raw: data:churn@latest}") is not { } mapping)
        {
            return inputs;
        }

        var scope = new Scope("in an input's source", self, null, null, null);
        foreach (var input in Entries(mapping, entry.Field, null))
        {
            if (!ReferencePath.IsName(input.Key))
            {
                Error(input.KeyNode, input.Field, $"input names are 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'; got '{input.Key}'");
                continue;
            }

            if (NonEmptyText(input.Value, input.Field, "data:<name>@<version|tag>, steps.<step>.outputs.<output> or runs:/<run id>/<path>") is not { } source)
            {
                continue;
            }

            InputKind? kind = source.StartsWith(DatasetReference.Scheme, StringComparison.Ordinal) ? InputKind.Dataset
                : source.StartsWith("steps.", StringComparison.Ordinal) ? InputKind.StepOutput
                : source.StartsWith("runs:/", StringComparison.Ordinal) ? InputKind.RunArtifact
                : null;
            if (kind is null)
            {
                Error(input.Value, input.Field, $"expected data:<name>@<version|tag>[/path], steps.<step>.outputs.<output> or runs:/<run id>/<path>, got '{source}'");
                continue;
            }

            var templated = Template.HasTemplates(source);
            var problem = kind switch
            {
                InputKind.StepOutput when templated => "a step output cannot hold templates: the step must be known before the run starts",
                InputKind.StepOutput => StepOutputProblem(source, self),
                _ when templated => null,
                InputKind.Dataset => DatasetProblem(source),
                _ => BuiltInSteps.RunArtifactProblem(source),
            };
            if (problem is not null)
            {
                Error(input.Value, input.Field, problem);
                continue;
            }

            if (templated)
            {
                CheckTemplates(input.Value, input.Field, source, scope);
            }

            inputs.Add(new InputSpec(input.Key, source, kind.Value, Location(input.KeyNode)));
        }

        return inputs;
    }

    private string? StepOutputProblem(string source, string self)
    {
        if (source.Split('.') is not ["steps", var step, "outputs", var output] || !ReferencePath.IsName(step) || !ReferencePath.IsName(output))
        {
            return $"expected steps.<step>.outputs.<output>, got '{source}'";
        }

        if (step == self)
        {
            return $"step '{self}' cannot take its own output as input";
        }

        if (!_steps.TryGetValue(step, out var producer))
        {
            return $"no step '{step}' in this pipeline{Suggestions.DidYouMean(step, _steps.Keys)}";
        }

        if (producer.IsBuiltIn)
        {
            return $"step '{step}' is a built-in step, which has no outputs";
        }

        return producer.Outputs.Contains(output, StringComparer.Ordinal)
            ? null
            : producer.Outputs.Count == 0
                ? $"step '{step}' declares no outputs"
                : $"step '{step}' has no output '{output}'{Suggestions.DidYouMean(output, producer.Outputs)} (outputs: {string.Join(", ", producer.Outputs)})";
    }

    private static string? DatasetProblem(string source)
    {
        try
        {
            DatasetReference.Parse(source);
            return null;
        }
        catch (SlipwayException e)
        {
            return e.Message;
        }
    }

    private List<OutputSpec> ReadOutputs(Entry entry)
    {
        var outputs = new List<OutputSpec>();
        if (IsNull(entry.Value) || Mapping(entry.Value, entry.Field, "{model: model/, metrics: metrics.json}") is not { } mapping)
        {
            return outputs;
        }

        foreach (var output in Entries(mapping, entry.Field, null))
        {
            if (!ReferencePath.IsName(output.Key))
            {
                Error(output.KeyNode, output.Field, $"output names are 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'; got '{output.Key}'");
                continue;
            }

            if (NonEmptyText(output.Value, output.Field, "a path relative to the step directory") is not { } path)
            {
                continue;
            }

            var problem = Template.HasTemplates(path)
                ? "an output's path is fixed: templates are not allowed"
                : SpecPaths.RelativePathProblem(path);
            if (problem is not null)
            {
                Error(output.Value, output.Field, problem);
                continue;
            }

            outputs.Add(new OutputSpec(output.Key, path, Location(output.KeyNode)));
        }

        return outputs;
    }

    /// <summary>A built-in step's <c>with</c>: its keys checked against the catalogue, with defaults added.</summary>
    private IReadOnlyDictionary<string, string> ReadWith(Entry? entry, Entry usesEntry, BuiltInStep builtIn, string self)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        var field = Join($"steps.{self}", "with");
        var example = "{" + string.Join(", ", builtIn.Fields.Where(f => f.Required).Select(f => $"{f.Name}: ...")) + "}";
        if (entry is not null && !IsNull(entry.Value) && Mapping(entry.Value, field, example) is { } mapping)
        {
            var scope = new Scope("in a built-in step's with", self, null, null, null);
            foreach (var item in Entries(mapping, field, [.. builtIn.Fields.Select(f => f.Name)]))
            {
                if (Text(item.Value, item.Field, "a single value") is { } text)
                {
                    CheckTemplates(item.Value, item.Field, text, scope);
                    values[item.Key] = text;
                    nodes[item.Key] = item.Value;
                }
                else
                {
                    unreadable.Add(item.Key);
                }
            }
        }

        var owner = entry?.KeyNode ?? usesEntry.KeyNode;
        return BuiltInSteps.Check(
            builtIn,
            values,
            unreadable,
            self,
            step => _steps.TryGetValue(step, out var info) ? info.Outputs : null,
            (key, message) => Error(key.Length == 0 ? owner : nodes[key], key.Length == 0 ? field : Join(field, key), message));
    }

    private List<string> ReadNeeds(Entry entry, string self)
    {
        var needs = new List<string>();
        foreach (var (step, node) in TextList(entry.Value, entry.Field, "a step name"))
        {
            if (step == self)
            {
                Error(node, entry.Field, $"step '{self}' cannot need itself");
            }
            else if (!_steps.ContainsKey(step))
            {
                Error(node, entry.Field, $"no step '{step}' in this pipeline{Suggestions.DidYouMean(step, _steps.Keys)}");
            }
            else if (!needs.Contains(step))
            {
                needs.Add(step);
            }
        }

        return needs;
    }

    private ResourceRequest ReadResources(Entry entry)
    {
        var resources = ResourceRequest.Default;
        if (IsNull(entry.Value) || Mapping(entry.Value, entry.Field, "{cpu: 2, memory: 4Gi, gpu: 1}") is not { } mapping)
        {
            return resources;
        }

        foreach (var item in Entries(mapping, entry.Field, ResourceKeys))
        {
            switch (item.Key)
            {
                case "cpu":
                    var cpuText = Text(item.Value, item.Field, $"a CPU count such as {SpecUnits.CpuExamples}");
                    if (cpuText is null)
                    {
                        break;
                    }

                    if (!SpecUnits.TryParseCpu(cpuText, out var cpu) || cpu <= 0)
                    {
                        Error(item.Value, item.Field, $"expected a CPU count above 0 such as {SpecUnits.CpuExamples}, got '{cpuText}'");
                    }
                    else
                    {
                        resources = resources with { Cpu = cpu };
                    }

                    break;
                case "memory":
                    var memoryText = Text(item.Value, item.Field, $"a memory size such as {SpecUnits.MemoryExamples}");
                    if (memoryText is null)
                    {
                        break;
                    }

                    if (!SpecUnits.TryParseMemory(memoryText, out var memory))
                    {
                        Error(item.Value, item.Field, $"expected a memory size such as {SpecUnits.MemoryExamples}, got '{memoryText}'");
                    }
                    else
                    {
                        resources = resources with { MemoryBytes = memory };
                    }

                    break;
                default:
                    if (WholeNumber(item.Value, item.Field, 0, 64) is { } gpu)
                    {
                        resources = resources with { Gpu = (int)gpu };
                    }

                    break;
            }
        }

        return resources;
    }

    /// <summary><c>retries: 2</c> or <c>retries: {count: 2, backoff: 10s}</c>; the backoff defaults to 5 seconds.</summary>
    private RetryPolicy ReadRetries(Entry entry)
    {
        if (entry.Value is not YamlMappingNode mapping)
        {
            return WholeNumber(entry.Value, entry.Field, 0, MaxRetries) is { } retries ? new RetryPolicy((int)retries, DefaultBackoff) : RetryPolicy.None;
        }

        var fields = Entries(mapping, entry.Field, RetryKeys).ToDictionary(e => e.Key, StringComparer.Ordinal);
        var backoff = fields.TryGetValue("backoff", out var backoffEntry) ? Duration(backoffEntry.Value, backoffEntry.Field) ?? DefaultBackoff : DefaultBackoff;
        if (!fields.TryGetValue("count", out var countEntry))
        {
            Error(entry.KeyNode, entry.Field, "missing 'count': how many times to retry, such as {count: 2, backoff: 10s}");
            return RetryPolicy.None;
        }

        return WholeNumber(countEntry.Value, countEntry.Field, 0, MaxRetries) is { } count ? new RetryPolicy((int)count, backoff) : RetryPolicy.None;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex StepNamePattern();
}
