using Slipway.Cli.Output;
using Slipway.Client.Datasets;
using Spectre.Console;

namespace Slipway.Cli.Commands.Data;

/// <summary>
/// Progress bars for push and pull, one per phase, with throughput and time left; only on an interactive console
/// with table output. Elsewhere (pipes, CI logs, JSON) the transfer runs quietly and the caller prints one summary.
/// </summary>
internal static class TransferDisplay
{
    public static async Task<T> RunAsync<T>(IAnsiConsole console, CliWriter output, Func<IProgress<TransferProgress>?, Task<T>> transfer)
    {
        var capabilities = console.Profile.Capabilities;
        if (output.IsJson || !capabilities.Interactive || !capabilities.Ansi)
        {
            return await transfer(null);
        }

        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new ByteColumn(new PercentageColumn()),
                new ByteColumn(new DownloadedColumn()),
                new ByteColumn(new TransferSpeedColumn()),
                new ByteColumn(new RemainingTimeColumn()),
                new SpinnerColumn())
            .StartAsync(async context => await transfer(new PhaseBars(context)));
    }

    /// <summary>Turns progress reports (from worker threads) into one bar per phase; a new phase completes the earlier ones.</summary>
    private sealed class PhaseBars(ProgressContext context) : IProgress<TransferProgress>
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<TransferPhase, ProgressTask> _bars = [];

        public void Report(TransferProgress value)
        {
            lock (_lock)
            {
                if (!_bars.TryGetValue(value.Phase, out var bar))
                {
                    foreach (var earlier in _bars.Values.Where(b => !b.IsFinished))
                    {
                        earlier.Value = earlier.MaxValue;
                        earlier.StopTask();
                    }

                    bar = context.AddTask(Describe(value), maxValue: Math.Max(1, value.BytesTotal));
                    if (value.Phase == TransferPhase.Committing)
                    {
                        bar.IsIndeterminate = true;
                        ByteColumn.MarkWithoutBytes(bar);
                    }

                    _bars[value.Phase] = bar;
                }

                bar.Description = Describe(value);
                bar.MaxValue = Math.Max(1, value.BytesTotal);
                bar.Value = value.Phase == TransferPhase.Committing && value.FilesDone == value.FilesTotal ? bar.MaxValue : value.BytesDone;
                if (bar.Value >= bar.MaxValue && value.FilesDone == value.FilesTotal)
                {
                    bar.IsIndeterminate = false;
                    bar.StopTask();
                }
            }
        }

        private static string Describe(TransferProgress progress) => progress.Phase switch
        {
            TransferPhase.Hashing => $"Hashing {DataFormat.Count(progress.FilesDone)}/{DataFormat.Plural(progress.FilesTotal, "file")}",
            TransferPhase.Uploading => $"Uploading {DataFormat.Count(progress.FilesDone)}/{DataFormat.Plural(progress.FilesTotal, "blob")}",
            TransferPhase.Downloading => $"Downloading {DataFormat.Count(progress.FilesDone)}/{DataFormat.Plural(progress.FilesTotal, "file")}",
            _ => "Committing",
        };
    }
}
