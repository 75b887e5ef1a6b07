using Slipway.Core.Errors;
using Slipway.Pipelines.Orchestration;
using Slipway.Pipelines.Specs;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// One step of a pipeline file made ready to run in this shell: the file checked by the same parser the server uses,
/// params resolved (defaults and -p), the step's first matrix combination, its command and environment with
/// templates filled. Inputs read as <c>inputs/NAME</c> and outputs as their declared paths, relative to the current
/// directory; another step's metrics are not available without a server.
/// </summary>
internal sealed record LocalStep(string Name, string Command, IReadOnlyDictionary<string, string> Matrix, IReadOnlyDictionary<string, string> Environment)
{
    /// <exception cref="PipelineSpecException">The file is wrong: every problem, with its line and field.</exception>
    /// <exception cref="CommandException">The step, a param or a template is wrong; the message says which.</exception>
    public static LocalStep Prepare(string yaml, string fileName, string stepName, IReadOnlyDictionary<string, string> overrides)
    {
        try
        {
            var spec = PipelineSpecParser.Parse(yaml, fileName);
            var step = spec.FindStep(stepName)
                ?? throw new CommandException($"Pipeline '{spec.Name}' has no step '{stepName}'; its steps are {string.Join(", ", spec.Steps.Select(s => s.Name))}.");
            if (step.Run is null)
            {
                throw new CommandException($"Step '{step.Name}' uses the built-in '{step.Uses}', which runs inside the server; --local runs only steps with a 'run' command.");
            }

            var values = ParamValues.Resolve(spec, overrides);
            var matrix = step.Matrix is { } sweep ? PipelinePlan.Expand(sweep, values)[0] : new Dictionary<string, string>();
            string? Lookup(string reference) => reference.Split('.', 3) switch
            {
                ["params", var name] => values.GetValueOrDefault(name),
                ["matrix", var name] => matrix.GetValueOrDefault(name),
                ["inputs", var name] => "inputs/" + name,
                ["outputs", var name] => step.Outputs.FirstOrDefault(o => o.Name == name)?.Path,
                ["pipeline", "name"] => spec.Name,
                ["pipeline", "run_id"] => "local",
                ["trigger", "kind"] => "manual",
                ["trigger", "detail"] => string.Empty,
                ["step", "name"] => step.Name,
                ["steps", ..] => throw new CommandException($"'{reference}' comes from another step's run, which --local does not have; run the pipeline on a server instead."),
                _ => null,
            };

            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in spec.Env.Concat(step.Env))
            {
                environment[name] = Template.Render(value, Lookup);
            }

            foreach (var (name, value) in matrix)
            {
                environment[StepEnvironment.Matrix(name)] = value;
            }

            environment[StepEnvironment.Pipeline] = spec.Name;
            environment[StepEnvironment.Step] = step.Name;
            return new LocalStep(step.Name, Template.Render(step.Run, Lookup), matrix, environment);
        }
        catch (SlipwayException ex) when (ex is not PipelineSpecException)
        {
            throw new CommandException(ex.Message, ex);
        }
    }
}
