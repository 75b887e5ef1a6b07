using Slipway.Cli;
using Slipway.Cli.Commands.Pipelines;
using Slipway.Client.Tests.Infrastructure;

namespace Slipway.Client.Tests.Cli;

/// <summary><c>slipway run --local</c>: reading a pipeline file without a server, filling one step's templates, and running it here.</summary>
public sealed class LocalStepTests : IDisposable
{
    private const string Pipeline = """
        name: churn
        params:
          lr: {type: float, default: 0.01}
          epochs: 5
          target:
            type: string
        env:
          GREETING: hello from ${{ pipeline.name }}
        steps:
          prep:
            run: python prep.py --out ${{ outputs.table }}
            outputs:
              table: {path: data/table.parquet}
          train:
            run: python train.py --lr ${{ params.lr }} --depth ${{ matrix.depth }} --opt ${{ matrix.opt }} --data ${{ inputs.table }} --model ${{ outputs.model }}
            env:
              RUN_NAME: ${{ step.name }}-${{ params.epochs }}
            matrix:
              strategy: random
              budget: 8
              depth: [3, 5]
              opt: {values: [adam, sgd]}
              dropout: {distribution: uniform, low: 0.1, high: 0.5}
            outputs:
              model: model.onnx
          validate:
            uses: validate-dataset
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-local-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_steps_command_gets_params_with_overrides_the_first_matrix_combination_and_step_directory_paths()
    {
        var pipeline = LocalPipeline.Parse(Pipeline, "slipway.yaml");
        var train = pipeline.FindStep("train")!;

        var template = LocalTemplate.For(pipeline, train, new Dictionary<string, string> { ["lr"] = "0.1", ["target"] = "churned" });

        Assert.Equal("python train.py --lr 0.1 --depth 3 --opt adam --data inputs/table --model model.onnx", template.Command);
        Assert.Equal(new Dictionary<string, string> { ["depth"] = "3", ["opt"] = "adam", ["dropout"] = "0.1" }, train.Matrix);
        Assert.Equal(new Dictionary<string, string> { ["GREETING"] = "hello from churn", ["RUN_NAME"] = "train-5" }, template.Environment());
        Assert.Equal("python prep.py --out data/table.parquet", LocalTemplate.For(pipeline, pipeline.FindStep("prep")!, new Dictionary<string, string> { ["target"] = "x" }).Command);
    }

    [Fact]
    public void Unknown_params_and_required_params_left_out_are_reported_together()
    {
        var pipeline = LocalPipeline.Parse(Pipeline, "slipway.yaml");

        var error = Assert.Throws<CommandException>(() => LocalTemplate.For(pipeline, pipeline.FindStep("train")!, new Dictionary<string, string> { ["learning_rate"] = "0.1" }));

        Assert.Equal(
            "unknown param 'learning_rate' (declared: lr, epochs, target); param 'target' has no default: give it with -p target=VALUE",
            error.Message);
    }

    [Theory]
    [InlineData("run: echo ${{ steps.train.metrics.auc }}", "steps.x.run: 'steps.train.metrics.auc' comes from another step's run, which --local does not have")]
    [InlineData("run: echo ${{ params.nope }}", "steps.x.run: 'params.nope' names no declared param")]
    [InlineData("run: echo ${{ matrix.lr }}", "steps.x.run: 'matrix.lr' names no matrix variable of step 'x'")]
    [InlineData("run: echo ${{ params.lr", "steps.x.run: unclosed '${{' at character 6")]
    [InlineData("run: echo ${{ whatever }}", "steps.x.run: 'whatever' is not something a template can refer to")]
    public void Templates_that_cannot_be_filled_name_the_field_and_the_reference(string step, string expected)
    {
        var pipeline = LocalPipeline.Parse($"name: p\nparams:\n  lr: 0.1\nsteps:\n  x:\n    {step}\n", "slipway.yaml");

        var error = Assert.Throws<CommandException>(() => LocalTemplate.For(pipeline, pipeline.Steps[0], new Dictionary<string, string>()).Command);

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name: p\nsteps: [a, b]\n", "slipway.yaml:2:8: steps: expected a mapping")]
    [InlineData("name: p\nsteps:\n  a: echo hi\n", "slipway.yaml:3:6: steps.a: expected a mapping with 'run' (or 'uses')")]
    [InlineData("name: p\nsteps:\n  a:\n    run: [echo]\n", "slipway.yaml:4:10: run: expected a single value")]
    [InlineData("name: p\nsteps: {a: {run: x}\n", "slipway.yaml:3:1:")]
    [InlineData("- just a list\n", "slipway.yaml: expected a pipeline")]
    [InlineData("name: p\n", "slipway.yaml: the pipeline has no steps.")]
    public void A_file_shaped_wrong_is_refused_citing_line_and_column(string yaml, string expected)
    {
        var error = Assert.Throws<CommandException>(() => LocalPipeline.Parse(yaml, "slipway.yaml"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_runs_the_step_here_with_its_env_and_passes_its_exit_code_through()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The step below is a POSIX shell command.
        }

        var output = Path.Combine(_directory, "out.txt");
        var file = Path.Combine(_directory, "slipway.yaml");
        File.WriteAllText(file, """
            name: churn
            params:
              out: {type: string}
              who: world
            env:
              GREETING: hello
            steps:
              hello:
                run: |
                  echo "$GREETING ${{ params.who }} from $STEP" > "${{ params.out }}"
                  exit 3
                env:
                  STEP: ${{ step.name }}
            """);

        var result = await CliRunner.RunAsync(["run", file, "--local", "--step", "hello", "-p", $"out={output}", "-p", "who=ada"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello ada from hello", File.ReadAllText(output).Trim());
        Assert.Contains("Running step 'hello' here, without a server", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_refuses_a_built_in_step_and_names_the_steps_when_one_is_unknown()
    {
        var file = Path.Combine(_directory, "slipway.yaml");
        File.WriteAllText(file, Pipeline);

        var builtIn = await CliRunner.RunAsync(["run", file, "--local", "--step", "validate"]);
        var unknown = await CliRunner.RunAsync(["run", file, "--local", "--step", "evaluate"]);

        Assert.Equal((1, 1), (builtIn.ExitCode, unknown.ExitCode));
        Assert.Contains("uses the built-in 'validate-dataset', which runs inside the server", builtIn.Stderr, StringComparison.Ordinal);
        Assert.Contains("Pipeline 'churn' has no step 'evaluate'; its steps are prep, train, validate.", unknown.Stderr, StringComparison.Ordinal);
    }
}
