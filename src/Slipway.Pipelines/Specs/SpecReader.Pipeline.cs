using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace Slipway.Pipelines.Specs;

/// <summary>The file's top level: name, params, env, concurrency, triggers; then the steps and the graph.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] TopKeys =
        ["name", "description", "experiment", "params", "env", "concurrency", "cooldown", "triggers", "steps"];

    private static readonly string[] ParamKeys = ["type", "default", "description", "choices"];
    private static readonly string[] TriggerKeys = ["schedule", "timezone", "webhook", "dataset", "alert", "params"];
    private static readonly string[] TriggerKinds = ["schedule", "webhook", "dataset", "alert"];
    private static readonly string[] ConcurrencyNames = ["allow", "skip-if-running", "queue"];
    private static readonly string[] TypeNames = ["string", "int", "float", "bool"];

    private readonly List<ParamSpec> _params = [];

    public PipelineSpec Read(string yaml)
    {
        var root = Load(yaml);
        var top = Entries(root, string.Empty, TopKeys).ToDictionary(e => e.Key, StringComparer.Ordinal);

        var name = string.Empty;
        if (!top.TryGetValue("name", out var nameEntry))
        {
            Error(root, "name", "missing: every pipeline has a name (1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit)");
        }
        else if (Text(nameEntry.Value, "name", "the pipeline's name") is { } text)
        {
            if (PipelineNamePattern().IsMatch(text))
            {
                name = text;
            }
            else
            {
                Error(nameEntry.Value, "name", $"expected 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit, got '{text}'");
            }
        }

        var description = top.TryGetValue("description", out var entry) ? Text(entry.Value, entry.Field, "a description") : null;
        var experiment = top.TryGetValue("experiment", out entry) ? NonEmptyText(entry.Value, entry.Field, "an experiment name") : null;
        if (top.TryGetValue("params", out entry) && !IsNull(entry.Value) && Mapping(entry.Value, entry.Field, "{lr: 0.01, epochs: {type: int, default: 10}}") is { } paramsNode)
        {
            foreach (var param in Entries(paramsNode, entry.Field, null))
            {
                ReadParam(param);
            }
        }

        var env = top.TryGetValue("env", out entry) ? ReadEnv(entry, PipelineScope) : new Dictionary<string, string>(StringComparer.Ordinal);
        var concurrency = top.TryGetValue("concurrency", out entry)
            ? Choice(entry.Value, entry.Field, ConcurrencyNames) switch
            {
                "skip-if-running" => ConcurrencyPolicy.SkipIfRunning,
                "queue" => ConcurrencyPolicy.Queue,
                _ => ConcurrencyPolicy.Allow,
            }
            : ConcurrencyPolicy.Allow;
        var cooldown = top.TryGetValue("cooldown", out entry) ? Duration(entry.Value, entry.Field) ?? TimeSpan.Zero : TimeSpan.Zero;

        var steps = new List<StepSpec>();
        YamlMappingNode? stepsNode = null;
        if (!top.TryGetValue("steps", out var stepsEntry))
        {
            Error(root, "steps", "missing: a pipeline needs 'steps', a mapping of step names to steps such as {train: {run: python train.py}}");
        }
        else if (Mapping(stepsEntry.Value, stepsEntry.Field, "{train: {run: python train.py}}") is { } mapping)
        {
            stepsNode = mapping;
            if (mapping.Children.Count == 0)
            {
                Error(mapping, stepsEntry.Field, "a pipeline needs at least one step");
            }
        }

        var stepEntries = stepsNode is null ? [] : Entries(stepsNode, "steps", null);
        DeclareSteps(stepEntries);
        var triggers = top.TryGetValue("triggers", out entry) ? ReadTriggers(entry) : [];
        foreach (var step in stepEntries)
        {
            if (ReadStep(step) is { } spec)
            {
                steps.Add(spec);
            }
        }

        var pipeline = new PipelineSpec(name, description, experiment, _params, env, steps, triggers, concurrency, cooldown);
        var analysis = PipelineGraph.Analyze(pipeline, strict: false);
        foreach (var cycle in analysis.Cycles)
        {
            var first = pipeline.FindStep(cycle[0])!;
            Error(first.Location, $"steps.{first.Name}", PipelineGraph.DescribeCycle(cycle));
        }

        if (_errors.Count > 0)
        {
            throw Failure();
        }

        return pipeline;
    }

    /// <summary>A declared param: a mapping of its settings, or a scalar that is its default (type inferred).</summary>
    private void ReadParam(Entry entry)
    {
        var field = entry.Field;
        if (!ReferencePath.IsName(entry.Key))
        {
            Error(entry.KeyNode, field, $"param names are 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'; got '{entry.Key}'");
        }

        ParamType? type = null;
        string? defaultText = null;
        YamlNode? defaultNode = null;
        string? description = null;
        List<string>? choices = null;
        YamlNode? choicesNode = null;
        var valid = true;
        switch (entry.Value)
        {
            case YamlMappingNode mapping:
                foreach (var setting in Entries(mapping, field, ParamKeys))
                {
                    switch (setting.Key)
                    {
                        case "type":
                            if (Choice(setting.Value, setting.Field, TypeNames) is { } typeName && ParamValues.TryParseTypeName(typeName, out var parsed))
                            {
                                type = parsed;
                            }
                            else
                            {
                                valid = false;
                            }

                            break;
                        case "default" when !IsNull(setting.Value):
                            defaultNode = setting.Value;
                            defaultText = Text(setting.Value, setting.Field, "a single value");
                            valid &= defaultText is not null;
                            break;
                        case "description":
                            description = Text(setting.Value, setting.Field, "a description");
                            break;
                        case "choices":
                            choicesNode = setting.Value;
                            choices = [.. TextList(setting.Value, setting.Field, "a single value").Select(c => c.Text)];
                            if (setting.Value is not YamlSequenceNode { Children.Count: > 0 })
                            {
                                Error(setting.Value, setting.Field, $"expected a list of allowed values such as [a, b], got {Got(setting.Value)}");
                                valid = false;
                            }

                            break;
                    }
                }

                break;
            case YamlScalarNode scalar when !IsNull(scalar):
                defaultNode = scalar;
                defaultText = scalar.Value ?? string.Empty;
                break;
            default:
                Error(entry.Value, field, $"expected a default value (such as 0.01) or a mapping such as {{type: string}}, got {Got(entry.Value)}");
                valid = false;
                break;
        }

        var resolvedType = type ?? (defaultNode is YamlScalarNode defaultScalar ? Infer(defaultScalar) : ParamType.Text);
        if (defaultText is not null && valid)
        {
            if (ParamValues.TryCanonicalize(resolvedType, defaultText, out var canonical))
            {
                defaultText = canonical;
            }
            else
            {
                Error(defaultNode!, entry.Value is YamlMappingNode ? Join(field, "default") : field,
                    $"expected {Article(resolvedType)} {ParamValues.TypeName(resolvedType)}, got '{defaultText}'");
                defaultText = null;
            }
        }

        if (choices is not null && valid)
        {
            var canonicalChoices = new List<string>();
            var items = choicesNode is YamlSequenceNode sequence ? sequence.Children : [];
            for (var i = 0; i < choices.Count; i++)
            {
                if (ParamValues.TryCanonicalize(resolvedType, choices[i], out var canonical))
                {
                    canonicalChoices.Add(canonical);
                }
                else
                {
                    Error(i < items.Count ? items[i] : choicesNode!, Join(field, "choices"),
                        $"expected {Article(resolvedType)} {ParamValues.TypeName(resolvedType)}, got '{choices[i]}'");
                }
            }

            choices = canonicalChoices;
            if (defaultText is not null && !choices.Contains(defaultText, StringComparer.Ordinal))
            {
                Error(defaultNode!, Join(field, "default"), $"'{defaultText}' is not one of the choices ({string.Join(", ", choices)})");
            }
        }

        _params.Add(new ParamSpec(entry.Key, resolvedType, defaultText, description, choices, Location(entry.KeyNode)));
    }

    /// <summary>The type of a default written without one: plain whole numbers are int, other plain numbers float, true/false bool; anything else (quoted values included) string.</summary>
    private static ParamType Infer(YamlScalarNode scalar)
    {
        if (scalar.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any) || scalar.Value is null)
        {
            return ParamType.Text;
        }

        if (long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return ParamType.WholeNumber;
        }

        if (double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return ParamType.Number;
        }

        return ParamValues.TryCanonicalize(ParamType.Boolean, scalar.Value, out _) ? ParamType.Boolean : ParamType.Text;
    }

    private static string Article(ParamType type) => type == ParamType.WholeNumber ? "an" : "a";

    /// <summary>Environment variables: names as the shell allows them, values single values taken as text (templates allowed).</summary>
    private Dictionary<string, string> ReadEnv(Entry entry, Scope scope)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsNull(entry.Value) || Mapping(entry.Value, entry.Field, "{PYTHONUNBUFFERED: \"1\"}") is not { } mapping)
        {
            return env;
        }

        foreach (var variable in Entries(mapping, entry.Field, null))
        {
            if (!EnvNamePattern().IsMatch(variable.Key))
            {
                Error(variable.KeyNode, variable.Field, $"environment variable names are letters, digits and '_', not starting with a digit; got '{variable.Key}'");
                continue;
            }

            if (variable.Value is YamlScalarNode { Value: "" } empty && empty.Style != YamlDotNet.Core.ScalarStyle.Plain)
            {
                env[variable.Key] = string.Empty;
                continue;
            }

            if (Text(variable.Value, variable.Field, "a value (write \"\" for an empty one)") is { } value)
            {
                CheckTemplates(variable.Value, variable.Field, value, scope);
                env[variable.Key] = value;
            }
        }

        return env;
    }

    private List<TriggerSpec> ReadTriggers(Entry entry)
    {
        var triggers = new List<TriggerSpec>();
        if (IsNull(entry.Value))
        {
            return triggers;
        }

        if (entry.Value is not YamlSequenceNode sequence)
        {
            Error(entry.Value, entry.Field, $"expected a list of triggers such as [{{schedule: \"0 3 * * *\"}}], got {Got(entry.Value)}");
            return triggers;
        }

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var field = $"triggers[{i}]";
            if (Mapping(item, field, "{schedule: \"0 3 * * *\", timezone: Europe/Paris}") is not { } mapping
                || ReadTrigger(mapping, field) is not { } trigger)
            {
                continue;
            }

            if (keys.TryGetValue(trigger.Key, out var first))
            {
                Error(item, field, $"the same trigger as triggers[{first}]");
                continue;
            }

            keys[trigger.Key] = i;
            triggers.Add(trigger);
        }

        return triggers;
    }

    private TriggerSpec? ReadTrigger(YamlMappingNode mapping, string field)
    {
        var entries = Entries(mapping, field, TriggerKeys).ToDictionary(e => e.Key, StringComparer.Ordinal);
        var kinds = TriggerKinds.Where(entries.ContainsKey).ToList();
        if (kinds.Count == 0 && entries.Count < mapping.Children.Count)
        {
            // An unknown key has been reported, most likely the misspelt kind.
            return null;
        }

        if (kinds.Count != 1)
        {
            Error(mapping, field, kinds.Count == 0
                ? "a trigger needs one of schedule, webhook, dataset or alert"
                : $"a trigger has one of schedule, webhook, dataset or alert, not several ({string.Join(", ", kinds)})");
            return null;
        }

        var kind = kinds[0];
        var value = entries[kind];
        if (entries.TryGetValue("timezone", out var zoneEntry) && kind != "schedule")
        {
            Error(zoneEntry.KeyNode, zoneEntry.Field, "timezone applies to schedule triggers only");
        }

        var parameters = entries.TryGetValue("params", out var paramsEntry) ? ReadTriggerParams(paramsEntry) : new Dictionary<string, string>(StringComparer.Ordinal);
        var location = Location(mapping);
        switch (kind)
        {
            case "schedule":
                var cron = Text(value.Value, value.Field, "a cron expression such as \"0 3 * * *\"");
                var zone = "UTC";
                if (zoneEntry is not null && Text(zoneEntry.Value, zoneEntry.Field, "a time zone such as Europe/Paris") is { } zoneName)
                {
                    if (IsTimeZone(zoneName))
                    {
                        zone = zoneName;
                    }
                    else
                    {
                        Error(zoneEntry.Value, zoneEntry.Field, $"unknown time zone '{zoneName}' (use an IANA name such as Europe/Paris, America/New_York or UTC)");
                    }
                }

                if (cron is null || CronProblem(cron) is not { } problem)
                {
                    return cron is null ? null : new TriggerSpec(TriggerKind.Schedule, cron, zone, null, null, parameters, location);
                }

                Error(value.Value, value.Field, problem);
                return null;
            case "webhook":
                var enabled = Boolean(value.Value, value.Field);
                if (enabled == false)
                {
                    Error(value.Value, value.Field, "'webhook: false' enables nothing; remove the trigger instead");
                }

                return enabled == true ? new TriggerSpec(TriggerKind.Webhook, null, null, null, null, parameters, location) : null;
            case "dataset":
                var dataset = Text(value.Value, value.Field, "a dataset name");
                if (dataset is not null && !IsDatasetName(dataset))
                {
                    Error(value.Value, value.Field, dataset.StartsWith(DatasetReference.Scheme, StringComparison.Ordinal) || dataset.Contains('@', StringComparison.Ordinal)
                        ? $"expected a dataset name, without data: or a version (such as 'churn'), got '{dataset}'"
                        : $"expected a dataset name (1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit), got '{dataset}'");
                    return null;
                }

                return dataset is null ? null : new TriggerSpec(TriggerKind.Dataset, null, null, dataset, null, parameters, location);
            default:
                var alert = Text(value.Value, value.Field, "a monitor name, or \"*\" for any");
                if (alert is not null && alert != "*" && !IsDatasetName(alert))
                {
                    Error(value.Value, value.Field, $"expected a monitor name (1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit) or \"*\" for any, got '{alert}'");
                    return null;
                }

                return alert is null ? null : new TriggerSpec(TriggerKind.Alert, null, null, null, alert, parameters, location);
        }
    }

    /// <summary>A trigger's params: declared ones only, each checked against its type and choices (canonical text kept).</summary>
    private Dictionary<string, string> ReadTriggerParams(Entry entry)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsNull(entry.Value) || Mapping(entry.Value, entry.Field, "{dataset: churn}") is not { } mapping)
        {
            return values;
        }

        foreach (var item in Entries(mapping, entry.Field, null))
        {
            var param = _params.Find(p => p.Name == item.Key);
            if (param is null)
            {
                Error(item.KeyNode, item.Field, UnknownParam(item.Key));
                continue;
            }

            if (Text(item.Value, item.Field, $"{Article(param.Type)} {ParamValues.TypeName(param.Type)}") is not { } text)
            {
                continue;
            }

            if (!ParamValues.TryCanonicalize(param.Type, text, out var canonical))
            {
                Error(item.Value, item.Field, $"param '{param.Name}' expects {Article(param.Type)} {ParamValues.TypeName(param.Type)}; got '{text}'");
            }
            else if (param.Choices is { } choices && !choices.Contains(canonical, StringComparer.Ordinal))
            {
                Error(item.Value, item.Field, $"param '{param.Name}' must be one of {string.Join(", ", choices)}; got '{text}'");
            }
            else
            {
                values[item.Key] = canonical;
            }
        }

        return values;
    }

    private string UnknownParam(string name) => _params.Count == 0
        ? $"unknown param '{name}': the pipeline declares no params"
        : $"unknown param '{name}'{Suggestions.DidYouMean(name, _params.Select(p => p.Name))} (declared: {string.Join(", ", _params.Select(p => p.Name))})";

    /// <summary>Why a cron expression does not parse (5 fields, or 6 with seconds first, or a macro such as @daily), or null.</summary>
    private static string? CronProblem(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length is not (5 or 6) && !(fields.Length == 1 && cron.TrimStart().StartsWith('@')))
        {
            return $"expected a cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first), got '{cron}'";
        }

        try
        {
            CronExpression.Parse(cron.Trim(), fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return null;
        }
        catch (CronFormatException e)
        {
            return $"invalid cron expression '{cron}': {e.Message.Replace("The given cron expression has an invalid format. ", string.Empty, StringComparison.Ordinal)}";
        }
    }

    private static bool IsTimeZone(string name)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(name);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }

    private static bool IsDatasetName(string name)
    {
        try
        {
            DatasetReference.ValidateName(name);
            return true;
        }
        catch (SlipwayException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineNamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvNamePattern();
}
