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
          target: {type: string}
        env:
          GREETING: hello from ${{ pipeline.name }}
        steps:
          prep:
            run: python prep.py --out ${{ outputs.table }}
            outputs: {table: data/table.parquet}
          train:
            run: python train.py --lr ${{ params.lr }} --depth ${{ matrix.depth }} --opt ${{ matrix.opt }} --data ${{ inputs.table }} --model ${{ outputs.model }}
            inputs: {table: steps.prep.outputs.table}
            env:
              RUN_NAME: ${{ step.name }}-${{ params.epochs }}
            matrix:
              values:
                depth: [3, 5]
                opt: [adam, sgd]
            outputs: {model: model.onnx}
          report:
            run: echo ${{ steps.train.metrics.auc }}
          validate:
            uses: validate-dataset
            with: {dataset: "data:churn@latest", suite: checks.yaml}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-local-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_steps_command_gets_params_with_overrides_the_first_matrix_combination_and_step_directory_paths()
    {
        var train = LocalStep.Prepare(Pipeline, "slipway.yaml", "train", new Dictionary<string, string> { ["lr"] = "0.1", ["target"] = "churned" });

        Assert.Equal("python train.py --lr 0.1 --depth 3 --opt adam --data inputs/table --model model.onnx", train.Command);
        Assert.Equal(new Dictionary<string, string> { ["depth"] = "3", ["opt"] = "adam" }, train.Matrix);
        Assert.Equal("hello from churn", train.Environment["GREETING"]);
        Assert.Equal("train-5", train.Environment["RUN_NAME"]);
        Assert.Equal("python prep.py --out data/table.parquet", LocalStep.Prepare(Pipeline, "slipway.yaml", "prep", new Dictionary<string, string> { ["target"] = "x" }).Command);
    }

    [Fact]
    public void Unknown_params_and_required_params_left_out_are_reported_together()
    {
        var error = Assert.Throws<CommandException>(() => LocalStep.Prepare(Pipeline, "slipway.yaml", "train", new Dictionary<string, string> { ["learning_rate"] = "0.1" }));

        Assert.Contains("learning_rate", error.Message, StringComparison.Ordinal);
        Assert.Contains("target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_steps_metrics_are_refused_since_no_server_holds_them()
    {
        var error = Assert.Throws<CommandException>(() => LocalStep.Prepare(Pipeline, "slipway.yaml", "report", new Dictionary<string, string> { ["target"] = "x" }));

        Assert.StartsWith("'steps.train.metrics.auc' comes from another step's run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_the_server_would_refuse_is_refused_here_with_the_same_line_and_field()
    {
        var error = Assert.Throws<Slipway.Pipelines.Specs.PipelineSpecException>(() => LocalStep.Prepare("name: p\nsteps:\n  a:\n    run: echo\n    retries: many\n", "slipway.yaml", "a", new Dictionary<string, string>()));

        Assert.StartsWith("slipway.yaml:5:14: steps.a.retries:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_refuses_a_bad_file_with_exit_code_2_and_each_problem_on_its_own_line()
    {
        var file = Path.Combine(_directory, "slipway.yaml");
        File.WriteAllText(file, "name: p\nsteps:\n  a:\n    run: echo\n    retries: many\n    needs: [b]\n");

        var result = await CliRunner.RunAsync(["run", file, "--local", "--step", "a"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("slipway.yaml has 2 problems; nothing ran:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\n  slipway.yaml:5:14: steps.a.retries:", result.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\n  slipway.yaml:6:", result.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
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
        Assert.Contains("Pipeline 'churn' has no step 'evaluate'; its steps are prep, train, report, validate.", unknown.Stderr, StringComparison.Ordinal);
    }
}
