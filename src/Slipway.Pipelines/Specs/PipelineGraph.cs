using Slipway.Core.Errors;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// The steps' dependencies. A step waits for: the steps in its <c>needs</c>; the steps whose outputs are its inputs;
/// the steps its <c>when</c> condition refers to; the steps whose metrics its templates (<c>run</c>, <c>env</c>,
/// <c>with</c>, input sources) refer to; and the steps a built-in step's <c>with</c> names
/// (<c>from: steps.train.outputs.model</c>, <c>candidate: steps.train</c>).
/// </summary>
public sealed class PipelineGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _dependencies;
    private readonly Dictionary<string, IReadOnlyList<string>> _dependents;

    /// <summary>Builds the graph of a spec; a dependency on an unknown step or a cycle is an INVALID_PARAMETER_VALUE error.</summary>
    public PipelineGraph(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var analysis = Analyze(spec, strict: true);
        if (analysis.Cycles.Count > 0)
        {
            throw SlipwayException.Invalid(string.Join('\n', analysis.Cycles.Select(DescribeCycle)));
        }

        _dependencies = analysis.Dependencies;
        TopologicalOrder = analysis.Order;
        _dependents = spec.Steps.ToDictionary(
            s => s.Name,
            s => (IReadOnlyList<string>)spec.Steps.Where(d => _dependencies[d.Name].Contains(s.Name)).Select(d => d.Name).ToList(),
            StringComparer.Ordinal);
    }

    /// <summary>Every step, each after all of its dependencies; among steps ready at the same time, file order.</summary>
    public IReadOnlyList<string> TopologicalOrder { get; }

    /// <summary>The steps <paramref name="step"/> waits for, in file order.</summary>
    public IReadOnlyList<string> DependenciesOf(string step) =>
        _dependencies.TryGetValue(step, out var dependencies) ? dependencies : throw SlipwayException.NotFound($"no step '{step}' in this pipeline");

    /// <summary>The steps that wait for <paramref name="step"/> directly, in file order.</summary>
    public IReadOnlyList<string> DependentsOf(string step) =>
        _dependents.TryGetValue(step, out var dependents) ? dependents : throw SlipwayException.NotFound($"no step '{step}' in this pipeline");

    /// <summary>
    /// The names of the steps <paramref name="step"/> refers to, each once (unchecked: they may not exist, and may
    /// include the step itself). Malformed templates are skipped unless <paramref name="strict"/>.
    /// </summary>
    internal static IReadOnlyList<string> ReferencedSteps(StepSpec step, bool strict)
    {
        var names = new List<string>(step.Needs);
        names.AddRange(step.Inputs.Select(i => i.StepOutput?.Step).OfType<string>());
        if (step.When is { } when)
        {
            names.AddRange(when.ReferencedSteps);
        }

        IEnumerable<string?> texts = [step.Run, .. step.Env.Values, .. step.With.Values, .. step.Inputs.Select(i => i.Source)];
        foreach (var text in texts.OfType<string>())
        {
            try
            {
                names.AddRange(Template.Scan(text).Select(p => p.Reference.Step).OfType<string>());
            }
            catch (SlipwayException) when (!strict)
            {
                // Reported by the parser where the text is.
            }
        }

        if (step.Uses is not null)
        {
            names.AddRange(step.With.Values.Select(BuiltInSteps.ReferencedStep).OfType<string>());
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Dependencies (existing steps only, in file order), a topological order of the steps outside cycles, and each
    /// cycle (as a path starting and ending at its earliest step in file order). Unless <paramref name="strict"/>,
    /// references to unknown steps and to the step itself are left out (the parser reports them where they are).
    /// </summary>
    internal static Analysis Analyze(PipelineSpec spec, bool strict)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Steps.Count; i++)
        {
            index[spec.Steps[i].Name] = i;
        }

        var dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var step in spec.Steps)
        {
            var referenced = ReferencedSteps(step, strict);
            if (strict && referenced.FirstOrDefault(r => !index.ContainsKey(r)) is { } unknown)
            {
                throw SlipwayException.Invalid($"step '{step.Name}' depends on '{unknown}', which is not a step of pipeline '{spec.Name}'");
            }

            dependencies[step.Name] = referenced
                .Where(r => index.ContainsKey(r) && (strict || r != step.Name))
                .OrderBy(r => index[r])
                .ToList();
        }

        var order = new List<string>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var progress = true;
        while (progress)
        {
            progress = false;
            foreach (var step in spec.Steps)
            {
                if (!placed.Contains(step.Name) && dependencies[step.Name].All(placed.Contains))
                {
                    order.Add(step.Name);
                    placed.Add(step.Name);
                    progress = true;
                    break;
                }
            }
        }

        var remaining = spec.Steps.Select(s => s.Name).Where(n => !placed.Contains(n)).ToList();
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var component in StronglyConnected(remaining, dependencies))
        {
            var start = component.OrderBy(n => index[n]).First();
            if (component.Count > 1 || dependencies[start].Contains(start))
            {
                cycles.Add(ShortestCycle(start, component, dependencies));
            }
        }

        cycles.Sort((a, b) => index[a[0]].CompareTo(index[b[0]]));
        return new Analysis(dependencies, order, cycles);
    }

    /// <summary><c>cycle: a -&gt; b -&gt; a (each step depends on the next)</c>.</summary>
    internal static string DescribeCycle(IReadOnlyList<string> cycle) =>
        $"cycle: {string.Join(" -> ", cycle)} (each step depends on the next)";

    private static List<HashSet<string>> StronglyConnected(List<string> nodes, Dictionary<string, IReadOnlyList<string>> edges)
    {
        // Tarjan's algorithm over the steps left in cycles or behind them.
        var set = nodes.ToHashSet(StringComparer.Ordinal);
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<HashSet<string>>();
        var counter = 0;

        void Visit(string node)
        {
            indexOf[node] = low[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges[node].Where(set.Contains))
            {
                if (!indexOf.TryGetValue(next, out var visited))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], visited);
                }
            }

            if (low[node] == indexOf[node])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !indexOf.ContainsKey(n)))
        {
            Visit(node);
        }

        return components;
    }

    private static List<string> ShortestCycle(string start, HashSet<string> component, Dictionary<string, IReadOnlyList<string>> edges)
    {
        if (edges[start].Contains(start))
        {
            return [start, start];
        }

        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in edges[node].Where(component.Contains))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var at = node; at != start; at = previous[at])
                    {
                        path.Insert(1, at);
                    }

                    path.Add(start);
                    return path;
                }

                if (previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return [start, start];
    }

    internal sealed record Analysis(
        Dictionary<string, IReadOnlyList<string>> Dependencies,
        IReadOnlyList<string> Order,
        IReadOnlyList<IReadOnlyList<string>> Cycles);
}
