using System.CommandLine;
using Slipway.Cli.Commands.Data;
using Slipway.Client;
using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway run FILE [-p KEY=VALUE]... [--no-wait]</c>, and <c>slipway run FILE --local --step NAME</c></summary>
internal static class RunCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var file = new Argument<string>("file") { Description = "The pipeline file, such as slipway.yaml; the files of its directory are the code the steps run.", HelpName = "file" };
        var parameters = ParamOption.Create();
        var noWait = PipelinesStartCommand.NoWaitOption();
        var local = new Option<bool>("--local")
        {
            Description = "Debug one step: run its command (named with --step) in this shell and the current directory, without a server, "
                + "with its params (defaults and -p), its first matrix combination and its env filled in, and exit with its exit code. "
                + "Inputs are not materialised (inputs.NAME reads as inputs/NAME) and nothing is tracked.",
        };
        var step = new Option<string?>("--step") { Description = "With --local: the step to run.", HelpName = "name" };
        var codeDirectory = PipelineArguments.CodeDirectory();
        var showOutput = new Option<string[]>("--show-output")
        {
            Description = "When the run ends, print what this step wrote (stdout and stderr); repeat for several. The rest stays in `slipway runs logs`.",
            HelpName = "step",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command(
            "run",
            "Run a pipeline file: check it on the server, push its directory as the code snapshot, launch it, and watch its steps until it ends. "
            + $"Exit code 0 when it succeeded, 1 when it failed or was canceled, {SpecProblems.ExitCode} when the server refused the file or the params (nothing ran). "
            + $"Ctrl+C cancels the run. With no server configured (--tracking-uri, ${TrackingEnvironment.SlipwayTrackingUri}) and none answering at "
            + $"{TrackingEnvironment.DefaultTrackingUri}, a server runs in this process on ~/.slipway for as long as the run takes.")
        {
            file, parameters, noWait, local, step, codeDirectory, showOutput,
        };
        command.Validators.Add(result =>
        {
            var isLocal = result.GetValue(local);
            if (isLocal && result.GetValue(step) is null)
            {
                result.AddError("--local runs one step: name it with --step NAME.");
            }
            else if (!isLocal && result.GetValue(step) is not null)
            {
                result.AddError("--step applies only with --local; on a server every step runs.");
            }
            else if (isLocal && result.GetValue(noWait))
            {
                result.AddError("--no-wait does not apply to --local, which runs the step in this shell.");
            }
        });
        command.WithExamples(
            "slipway run slipway.yaml",
            "slipway run slipway.yaml -p lr=0.01 -p epochs=20",
            "slipway run examples/churn/slipway.yaml --code-dir .             ship the repository root as the code",
            "slipway run slipway.yaml --show-output evaluate                  print the evaluate step's output at the end",
            "slipway run pipelines/train.yaml --no-wait --output json       start it and print the run as JSON",
            "slipway run slipway.yaml --local --step train -p lr=0.1         run one step here, for debugging",
            "slipway run slipway.yaml --tracking-uri http://mlops.internal:5000");
        command.SetClientAction(context, global, async call =>
        {
            var overrides = ParamOption.Parse(call.Get(parameters));
            if (call.Get(local))
            {
                return await LocalStepRunner.RunAsync(context, call.Get(file), call.Get(step)!, overrides, call.CancellationToken);
            }

            var pipelineFile = await LocalFailure.AsCommandErrorAsync(async () => (await PipelineFile.ReadAsync(call.Get(file), call.CancellationToken)).WithCodeDirectory(call.Get(codeDirectory)));
            if (EmbeddedServer.IsConfigured(call.Parse, global, context) || await EmbeddedServer.AnswersAsync(call.Client, call.CancellationToken))
            {
                return await LaunchAsync(context, call, pipelineFile, overrides, wait: !call.Get(noWait), embedded: false, call.Get(showOutput) ?? []);
            }

            var options = EmbeddedServer.Options(context);
            LaunchFollowUp.Note(context, call, $"No server at {call.Client.BaseUri.AbsoluteUri.TrimEnd('/')}; running one in this process (data in {EmbeddedServer.Display(options.DataDirectory)}).");
            if (call.Get(noWait))
            {
                LaunchFollowUp.Note(context, call, "--no-wait is ignored: the server runs in this process, so the command waits for the run to end.");
            }

            await using var server = await EmbeddedServer.StartAsync(context, options, call.CancellationToken);
            try
            {
                using var client = context.NewClient(new Uri(server.Addresses[0]), call.Parse.GetValue(global.Workspace));
                return await LaunchAsync(context, call with { Client = client }, pipelineFile, overrides, wait: true, embedded: true, call.Get(showOutput) ?? []);
            }
            finally
            {
                await server.StopAsync();
            }
        });
        return command;
    }

    private static async Task<int> LaunchAsync(
        CliContext context, ClientInvocation call, PipelineFile file, IReadOnlyDictionary<string, string> overrides, bool wait, bool embedded, IReadOnlyList<string> showOutput)
    {
        var client = call.Client;
        PipelineSpecSummary summary;
        try
        {
            summary = await client.ValidatePipelineAsync(file.Spec, file.FileName, call.CancellationToken);
        }
        catch (SlipwayApiException ex) when (SpecProblems.Matches(ex))
        {
            SpecProblems.Write(context, $"{file.FileName} has {SpecProblems.Count(ex)}; nothing ran", ex);
            return SpecProblems.ExitCode;
        }

        LaunchFollowUp.Note(context, call, $"Checked {file.FileName}: pipeline {summary.Name}, {DataFormat.Plural(summary.Steps.Count, "step")}.");
        var code = await LocalFailure.AsCommandErrorAsync(() => TransferDisplay.RunAsync(
            context.Console, call.Output, progress => client.PushPipelineCodeAsync(file.Directory, summary.Name, progress, call.CancellationToken)));
        LaunchFollowUp.Note(context, call, CodeNote(code));

        LaunchOutcome outcome;
        try
        {
            outcome = await client.LaunchPipelineAsync(file.Spec, file.FileName, code.Reference, overrides, call.CancellationToken);
        }
        catch (SlipwayApiException ex) when (SpecProblems.Matches(ex))
        {
            SpecProblems.Write(context, "the server refused the launch", ex);
            return SpecProblems.ExitCode;
        }

        return await LaunchFollowUp.HandleAsync(context, call, outcome, wait, embedded, showOutput);
    }

    private static string CodeNote(PipelineCodeSnapshot code) => code.Push.Created
        ? $"Code: {code.Reference} ({DataFormat.Plural(code.Push.FileCount, "file")}, {DataFormat.Count(code.Push.BlobsUploaded)} uploaded, {DataFormat.Bytes(code.Push.BytesUploaded)})."
        : $"Code: {code.Reference} (unchanged, {DataFormat.Plural(code.Push.FileCount, "file")}).";
}
