using System.CommandLine;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data gc [--grace 1h]</c></summary>
internal static class DataGcCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var grace = new Option<string?>("--grace")
        {
            Description = "Keep contents used this recently, such as 30m, 1h or 2d, so pushes in progress are safe. At least 10m; default: the server's (1h).",
            HelpName = "duration",
        };
        grace.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (!GraceDuration.TryParse(text, out _))
            {
                result.AddError($"Invalid duration '{text}' for --grace: use a number and a unit (s, m, h, d), such as 30m, 1h or 1h30m.");
            }
        });
        var command = new Command(
            "gc",
            "Delete stored file contents that no dataset version names (after `slipway data delete`, or from abandoned pushes). Maintainers only.")
        {
            grace,
        };
        command.WithExamples(
            "slipway data gc                   contents unused for the server's grace period (1h)",
            "slipway data gc --grace 2d");
        command.SetClientAction(context, global, async call =>
        {
            TimeSpan? period = GraceDuration.TryParse(call.Get(grace), out var parsed) ? parsed : null;
            var result = await call.Client.SweepBlobsAsync(period, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(result, DataJsonContext.Default.BlobSweepResult);
            }
            else
            {
                call.Output.Line(
                    $"Examined {DataFormat.Plural(result.Examined, "blob")}: deleted {DataFormat.Count(result.Deleted)} ({DataFormat.Bytes(result.BytesFreed)} freed); "
                    + $"kept {DataFormat.Count(result.KeptReferenced)} that versions name and {DataFormat.Count(result.KeptRecent)} used within the grace period.");
            }

            return 0;
        });
        return command;
    }
}
