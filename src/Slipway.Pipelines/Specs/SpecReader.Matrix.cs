using YamlDotNet.RepresentationModel;

namespace Slipway.Pipelines.Specs;

/// <summary>A step's <c>matrix</c>: a grid of lists, or random search over lists and ranges.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] MatrixKeys = ["strategy", "budget", "seed", "max_parallel", "rank", "values"];
    private static readonly string[] StrategyNames = ["grid", "random"];
    private static readonly string[] RangeKinds = ["int", "uniform", "log_uniform"];
    private static readonly string[] RankKeys = ["metric", "goal"];
    private static readonly string[] Goals = ["maximize", "minimize"];

    private MatrixSpec? ReadMatrix(Entry entry)
    {
        if (Mapping(entry.Value, entry.Field, "{values: {lr: [0.001, 0.01]}}") is not { } mapping)
        {
            return null;
        }

        var fields = Entries(mapping, entry.Field, MatrixKeys).ToDictionary(e => e.Key, StringComparer.Ordinal);
        var strategyName = fields.TryGetValue("strategy", out var strategyEntry) ? Choice(strategyEntry.Value, strategyEntry.Field, StrategyNames) : "grid";
        var strategy = strategyName == "random" ? MatrixStrategy.Random : MatrixStrategy.Grid;
        var random = strategy == MatrixStrategy.Random;
        var valid = strategyName is not null;

        int? budget = null;
        if (fields.TryGetValue("budget", out var budgetEntry))
        {
            if (!random)
            {
                Error(budgetEntry.KeyNode, budgetEntry.Field, "budget applies to strategy: random (a grid runs every combination)");
            }
            else
            {
                budget = (int?)WholeNumber(budgetEntry.Value, budgetEntry.Field, 1, PipelinePlan.MaxVariants);
                valid &= budget is not null;
            }
        }
        else if (random)
        {
            Error(entry.KeyNode, entry.Field, "strategy random needs a budget: how many variants to draw, such as budget: 8");
            valid = false;
        }

        var seed = 0;
        if (fields.TryGetValue("seed", out var seedEntry))
        {
            if (!random)
            {
                Error(seedEntry.KeyNode, seedEntry.Field, "seed applies to strategy: random (a grid draws nothing)");
            }
            else
            {
                seed = (int?)WholeNumber(seedEntry.Value, seedEntry.Field, int.MinValue, int.MaxValue) ?? 0;
            }
        }

        int? maxParallel = null;
        if (fields.TryGetValue("max_parallel", out var parallelEntry))
        {
            maxParallel = (int?)WholeNumber(parallelEntry.Value, parallelEntry.Field, 1, PipelinePlan.MaxVariants);
        }

        var rank = fields.TryGetValue("rank", out var rankEntry) ? ReadRank(rankEntry) : null;

        var variables = new List<MatrixVariable>();
        if (!fields.TryGetValue("values", out var valuesEntry))
        {
            Error(entry.KeyNode, entry.Field, "missing 'values': the swept variables, such as {lr: [0.001, 0.01]}");
            valid = false;
        }
        else if (Mapping(valuesEntry.Value, valuesEntry.Field, "{lr: [0.001, 0.01]}") is { } valuesNode)
        {
            if (valuesNode.Children.Count == 0)
            {
                Error(valuesNode, valuesEntry.Field, "a matrix needs at least one variable, such as {lr: [0.001, 0.01]}");
                valid = false;
            }

            foreach (var variable in Entries(valuesNode, valuesEntry.Field, null))
            {
                if (ReadVariable(variable, random) is { } parsed)
                {
                    variables.Add(parsed);
                }
                else
                {
                    // Kept by name, so that templates using it are not reported as well; the file fails anyway.
                    variables.Add(new MatrixVariable(variable.Key, [], MatrixDistribution.Choice, 0, 0));
                    valid = false;
                }
            }
        }
        else
        {
            valid = false;
        }

        if (valid && !random)
        {
            long size = 1;
            foreach (var variable in variables)
            {
                size = Math.Min(size * variable.Values!.Count, PipelinePlan.MaxVariants + 1L);
            }

            if (size > PipelinePlan.MaxVariants)
            {
                Error(valuesEntry!.KeyNode, valuesEntry.Field, $"the grid has more than {PipelinePlan.MaxVariants} combinations; use fewer values, or strategy: random with a budget");
            }
        }

        // A faulty matrix has been reported (and fails the file); it is returned anyway so that its variables are known.
        return new MatrixSpec(strategy, variables, budget, seed, maxParallel, rank, Location(entry.KeyNode));
    }

    /// <summary>
    /// A list (Choice) or, for random search, a range: <c>{int: [2, 8]}</c>, <c>{uniform: [0, 1]}</c> or
    /// <c>{log_uniform: [0.0001, 0.1]}</c>.
    /// </summary>
    private MatrixVariable? ReadVariable(Entry entry, bool random)
    {
        if (!ReferencePath.IsName(entry.Key))
        {
            Error(entry.KeyNode, entry.Field, $"matrix variable names are 1 to 64 letters, digits, '_' and '-', starting with a letter or '_'; got '{entry.Key}'");
            return null;
        }

        switch (entry.Value)
        {
            case YamlSequenceNode { Children.Count: > 0 } sequence:
                var values = new List<string>();
                var scope = new Scope("in matrix values", null, null, null, null, ParamsOnly: true);
                var valid = true;
                foreach (var item in sequence.Children)
                {
                    if (Text(item, entry.Field, "a single value") is not { } text)
                    {
                        valid = false;
                    }
                    else if (values.Contains(text, StringComparer.Ordinal))
                    {
                        Error(item, entry.Field, $"'{text}' is listed twice");
                        valid = false;
                    }
                    else
                    {
                        CheckTemplates(item, entry.Field, text, scope);
                        values.Add(text);
                    }
                }

                return valid ? new MatrixVariable(entry.Key, values, MatrixDistribution.Choice, 0, 0) : null;
            case YamlMappingNode mapping:
                return ReadRange(entry, mapping, random);
            default:
                Error(entry.Value, entry.Field, $"expected a list such as [0.001, 0.01] or a range such as {{uniform: [0, 1]}}, got {Got(entry.Value)}");
                return null;
        }
    }

    private MatrixVariable? ReadRange(Entry entry, YamlMappingNode mapping, bool random)
    {
        var ranges = Entries(mapping, entry.Field, RangeKinds);
        if (ranges.Count != 1 || mapping.Children.Count != 1)
        {
            if (ranges.Count == mapping.Children.Count)
            {
                Error(mapping, entry.Field, "a range has one of int, uniform or log_uniform, such as {uniform: [0, 1]}");
            }

            return null;
        }

        var range = ranges[0];
        if (!random)
        {
            Error(range.KeyNode, entry.Field, $"ranges ({range.Key}) need strategy: random; a grid takes lists such as [2, 4, 8]");
            return null;
        }

        if (range.Value is not YamlSequenceNode { Children.Count: 2 } bounds)
        {
            Error(range.Value, range.Field, $"expected [low, high], such as {{{range.Key}: [{(range.Key == "log_uniform" ? "0.0001, 0.1" : "0, 1")}]}}, got {Got(range.Value)}");
            return null;
        }

        double? low, high;
        if (range.Key == "int")
        {
            low = WholeNumber(bounds.Children[0], range.Field, long.MinValue, long.MaxValue);
            high = WholeNumber(bounds.Children[1], range.Field, long.MinValue, long.MaxValue);
        }
        else
        {
            low = Number(bounds.Children[0], range.Field);
            high = Number(bounds.Children[1], range.Field);
        }

        if (low is null || high is null)
        {
            return null;
        }

        if (low > high)
        {
            Error(bounds, range.Field, $"low ({bounds.Children[0]}) is above high ({bounds.Children[1]})");
            return null;
        }

        if (range.Key == "log_uniform" && low <= 0)
        {
            Error(bounds.Children[0], range.Field, $"log_uniform needs a low above 0, got '{bounds.Children[0]}'");
            return null;
        }

        var distribution = range.Key switch
        {
            "int" => MatrixDistribution.WholeNumber,
            "uniform" => MatrixDistribution.Uniform,
            _ => MatrixDistribution.LogUniform,
        };
        return new MatrixVariable(entry.Key, null, distribution, low.Value, high.Value);
    }

    /// <summary><c>rank: accuracy</c> (maximize) or <c>rank: {metric: loss, goal: minimize}</c>.</summary>
    private RankSpec? ReadRank(Entry entry)
    {
        if (entry.Value is YamlScalarNode)
        {
            return NonEmptyText(entry.Value, entry.Field, "a metric name, or {metric: loss, goal: minimize}") is { } metric ? new RankSpec(metric, true) : null;
        }

        if (Mapping(entry.Value, entry.Field, "{metric: loss, goal: minimize}") is not { } mapping)
        {
            return null;
        }

        var fields = Entries(mapping, entry.Field, RankKeys).ToDictionary(e => e.Key, StringComparer.Ordinal);
        if (!fields.TryGetValue("metric", out var metricEntry))
        {
            Error(entry.KeyNode, entry.Field, "missing 'metric': the metric variants are ranked by");
            return null;
        }

        var name = NonEmptyText(metricEntry.Value, metricEntry.Field, "a metric name");
        var goal = fields.TryGetValue("goal", out var goalEntry) ? Choice(goalEntry.Value, goalEntry.Field, Goals) : "maximize";
        return name is null || goal is null ? null : new RankSpec(name, goal == "maximize");
    }
}
