using System.Globalization;
using Slipway.Core.Errors;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// Expands a spec into the steps of one run (<see cref="PlannedStep"/>): sweeps become a parent and its variants.
/// <para>
/// Grid: every combination of the variables' lists, the first variable varying slowest (file order). Random:
/// <see cref="MatrixSpec.Budget"/> variants drawn with <c>new Random(seed)</c>, so the same spec and seed give the same
/// variants; each variable in file order takes a list entry (Choice), a double written with 6 significant digits
/// (Uniform, LogUniform) or an integer between low and high inclusive (WholeNumber). When every variable is a list,
/// random search draws distinct combinations, at most as many as the grid has.
/// </para>
/// </summary>
public static class PipelinePlan
{
    /// <summary>The most variants one sweep may have.</summary>
    public const int MaxVariants = 1000;

    /// <summary>
    /// The run's steps in a topological order, each sweep's variants just before its parent.
    /// <paramref name="resolvedParams"/> (from <see cref="ParamValues.Resolve"/>) fills <c>${{ params.x }}</c> in
    /// matrix lists.
    /// </summary>
    public static IReadOnlyList<PlannedStep> Build(PipelineSpec spec, IReadOnlyDictionary<string, string> resolvedParams)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(resolvedParams);
        var graph = new PipelineGraph(spec);
        var planned = new List<PlannedStep>();
        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in graph.TopologicalOrder)
        {
            var step = spec.FindStep(name)!;
            var dependsOn = graph.DependenciesOf(name);
            if (step.Matrix is null)
            {
                planned.Add(new PlannedStep(name, step, empty, null, [], dependsOn));
                continue;
            }

            var combinations = Expand(step.Matrix, resolvedParams);
            var variants = new List<string>(combinations.Count);
            for (var i = 0; i < combinations.Count; i++)
            {
                var variant = $"{name}.{(i + 1).ToString(CultureInfo.InvariantCulture)}";
                variants.Add(variant);
                planned.Add(new PlannedStep(variant, step, combinations[i], name, [], dependsOn));
            }

            planned.Add(new PlannedStep(name, step, empty, null, variants, variants));
        }

        return planned;
    }

    /// <summary>The variants' values (canonical text by variable, in variable order) of a matrix.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Expand(MatrixSpec matrix, IReadOnlyDictionary<string, string> resolvedParams)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(resolvedParams);
        if (matrix.Variables.Count == 0)
        {
            throw SlipwayException.Invalid("a matrix needs at least one variable");
        }

        var lists = matrix.Variables.Select(v => v.Values is null ? null : (IReadOnlyList<string>)v.Values.Select(value => Fill(v, value, resolvedParams)).ToList()).ToList();
        if (lists.Exists(l => l is { Count: 0 }))
        {
            throw SlipwayException.Invalid("every matrix list needs at least one value");
        }

        if (matrix.Strategy == MatrixStrategy.Grid)
        {
            if (matrix.Variables.FirstOrDefault(v => v.Values is null) is { } range)
            {
                throw SlipwayException.Invalid($"matrix variable '{range.Name}' is a range, which only strategy random can draw from; a grid needs lists");
            }

            var full = lists.ConvertAll(l => l!);
            var size = GridSize(full);
            if (size > MaxVariants)
            {
                throw SlipwayException.Invalid($"the grid has more than {MaxVariants} combinations; a sweep has at most {MaxVariants} variants");
            }

            return Grid(matrix.Variables, full);
        }

        if (matrix.Budget is not { } budget || budget < 1)
        {
            throw SlipwayException.Invalid("strategy random needs a budget of 1 or more variants");
        }

        if (budget > MaxVariants)
        {
            throw SlipwayException.Invalid($"a budget of {budget} is too large; a sweep has at most {MaxVariants} variants");
        }

        var random = new Random(matrix.Seed);
        if (lists.TrueForAll(l => l is not null))
        {
            var full = lists.ConvertAll(l => l!);
            return DistinctDraws(matrix.Variables, full, (int)Math.Min(budget, GridSize(full)), random);
        }

        var draws = new List<IReadOnlyDictionary<string, string>>(budget);
        for (var i = 0; i < budget; i++)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var v = 0; v < matrix.Variables.Count; v++)
            {
                values[matrix.Variables[v].Name] = Draw(matrix.Variables[v], lists[v], random);
            }

            draws.Add(values);
        }

        return draws;
    }

    private static string Fill(MatrixVariable variable, string value, IReadOnlyDictionary<string, string> resolvedParams) =>
        Template.HasTemplates(value)
            ? Template.Render(value, reference => reference.StartsWith("params.", StringComparison.Ordinal)
                ? resolvedParams.GetValueOrDefault(reference["params.".Length..])
                : throw SlipwayException.Invalid($"matrix variable '{variable.Name}': '{reference}' is not available here (only params are)"))
            : value;

    /// <summary>The grid's size, saturating above <see cref="MaxVariants"/>.</summary>
    private static long GridSize(List<IReadOnlyList<string>> lists)
    {
        long size = 1;
        foreach (var list in lists)
        {
            size = Math.Min(size * list.Count, MaxVariants + 1L);
        }

        return size;
    }

    private static List<IReadOnlyDictionary<string, string>> Grid(IReadOnlyList<MatrixVariable> variables, List<IReadOnlyList<string>> lists)
    {
        var result = new List<IReadOnlyDictionary<string, string>>();
        var positions = new int[lists.Count];
        while (true)
        {
            result.Add(Combination(variables, lists, positions));
            var v = lists.Count - 1;
            while (v >= 0 && ++positions[v] == lists[v].Count)
            {
                positions[v] = 0;
                v--;
            }

            if (v < 0)
            {
                return result;
            }
        }
    }

    private static List<IReadOnlyDictionary<string, string>> DistinctDraws(
        IReadOnlyList<MatrixVariable> variables, List<IReadOnlyList<string>> lists, int count, Random random)
    {
        var result = new List<IReadOnlyDictionary<string, string>>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var positions = new int[lists.Count];
        while (result.Count < count)
        {
            for (var v = 0; v < lists.Count; v++)
            {
                positions[v] = random.Next(lists[v].Count);
            }

            if (seen.Add(string.Join(',', positions)))
            {
                result.Add(Combination(variables, lists, positions));
            }
        }

        return result;
    }

    private static Dictionary<string, string> Combination(IReadOnlyList<MatrixVariable> variables, List<IReadOnlyList<string>> lists, int[] positions)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var v = 0; v < variables.Count; v++)
        {
            values[variables[v].Name] = lists[v][positions[v]];
        }

        return values;
    }

    private static string Draw(MatrixVariable variable, IReadOnlyList<string>? list, Random random)
    {
        if (list is not null)
        {
            return list[random.Next(list.Count)];
        }

        var (low, high) = (variable.Low, variable.High);
        switch (variable.Distribution)
        {
            case MatrixDistribution.WholeNumber:
                return random.NextInt64((long)Math.Ceiling(low), (long)Math.Floor(high) + 1).ToString(CultureInfo.InvariantCulture);
            case MatrixDistribution.LogUniform:
                if (low <= 0 || high < low)
                {
                    throw SlipwayException.Invalid($"matrix variable '{variable.Name}': log_uniform needs 0 < low <= high");
                }

                var log = Math.Log(low) + (random.NextDouble() * (Math.Log(high) - Math.Log(low)));
                return Math.Exp(log).ToString("G6", CultureInfo.InvariantCulture);
            case MatrixDistribution.Uniform:
                return (low + (random.NextDouble() * (high - low))).ToString("G6", CultureInfo.InvariantCulture);
            default:
                throw SlipwayException.Invalid($"matrix variable '{variable.Name}' is a choice without values");
        }
    }
}
