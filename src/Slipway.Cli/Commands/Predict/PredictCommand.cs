using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Slipway.Cli.Commands.Data;
using Slipway.Client.Datasets;
using Slipway.Client.Models;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Uris;
using Slipway.Serving.Batch;
using Spectre.Console;

namespace Slipway.Cli.Commands.Predict;

/// <summary>
/// <c>slipway predict --model URI --input data:NAME@VERSION --output data:NAME [--chunk-rows N] [--message TEXT]</c>:
/// batch scoring on this machine. The model is loaded through the SDK's local model cache (the runtime online serving
/// uses), the input version is pulled into a temporary folder, every CSV and Parquet file in it is scored into a
/// Parquet file of its rows and predictions, and those files are pushed as a new version of the output dataset.
/// Nothing is pushed unless every file scored.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var model = new Option<string>("--model")
        {
            Description = "The model version to score with: models:/name@alias, models:/name/3, models:/name/Production or models:/name/latest.",
            HelpName = "uri",
            Required = true,
        };
        model.Validators.Add(result => Validate(result, text => ModelUri.Parse(text)));
        var input = new Option<string>("--input")
        {
            Description = "The dataset version to score: data:NAME@VERSION, data:NAME@TAG or data:NAME (the latest); add /PATH to score only the files under PATH. "
                + "Every .csv and .parquet file in it is scored; other files are ignored.",
            HelpName = "data:name@version",
            Required = true,
        };
        input.Validators.Add(result => Validate(result, text => DatasetReference.Parse(text)));
        var output = new Option<string>("--output")
        {
            Description = "The dataset to push the predictions to, as a new version (the dataset is created by its first version).",
            HelpName = "data:name",
            Required = true,
        };
        output.Validators.Add(result => Validate(result, text => OutputName(text)));
        var chunkRows = new Option<int>("--chunk-rows")
        {
            Description = "Rows handed to the model at a time.",
            HelpName = "n",
            DefaultValueFactory = _ => BatchScoringOptions.DefaultChunkRows,
        };
        chunkRows.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--chunk-rows must be at least 1.");
            }
        });
        var message = new Option<string?>("--message", "-m")
        {
            Description = "The output version's message; default: \"predictions of MODEL on INPUT\".",
            HelpName = "text",
        };
        var command = new Command(
            "predict",
            "Score a dataset version with a registered model on this machine and push the predictions as a new dataset version: "
            + "each CSV or Parquet file becomes a Parquet file of its rows followed by the prediction columns. "
            + "The model runs in the same runtime as online serving, so every row gets the prediction an endpoint would give. "
            + "Nothing is pushed unless every file scores.")
        {
            model, input, output, chunkRows, message,
        };
        command.WithExamples(
            "slipway predict --model models:/churn@champion --input data:customers@3 --output data:churn-scores",
            "slipway predict --model models:/churn/2 --input data:customers@golden --output churn-scores -m \"June scores\"",
            "slipway predict --model models:/churn/Production --input data:customers/2025-06 --output data:churn-scores   the files under 2025-06/ of the latest version",
            "slipway data pull churn-scores ./scores                                                                       fetch the predictions");
        command.SetClientAction(context, global, async call =>
        {
            var modelUri = call.Get(model)!;
            var inputReference = call.Get(input)!;
            var outputName = OutputName(call.Get(output)!);
            var cacheDirectory = LocalModelOptions.DefaultCacheDirectory(context.GetEnvironmentVariable);
            var temp = Directory.CreateTempSubdirectory("slipway-predict-").FullName;
            using var interrupt = new ConsoleInterrupt(call.CancellationToken);
            try
            {
                using var loaded = await call.Client.LoadModelAsync(modelUri, new LocalModelOptions { CacheDirectory = cacheDirectory }, interrupt.Token);
                var inputDirectory = Path.Combine(temp, "input");
                var outputDirectory = Path.Combine(temp, "output");
                var pulled = await LocalFailure.AsCommandErrorAsync(() => TransferDisplay.RunAsync(
                    context.Console, call.Output, progress => call.Client.PullAsync(inputReference, inputDirectory, null, progress, interrupt.Token)));
                var inputVersion = DatasetArguments.Display(pulled.Version);
                var files = TabularFiles(inputDirectory);
                if (files.Count == 0)
                {
                    throw new CommandException(
                        $"{inputVersion} holds no .csv or .parquet file ({DataFormat.Plural(pulled.FileCount, "file")} in all), so there is nothing to score; nothing was pushed.");
                }

                var modelText = string.Create(CultureInfo.InvariantCulture, $"models:/{loaded.Name}/{loaded.Version}");
                var scoring = new BatchScoringOptions { ChunkRows = call.Get(chunkRows) };
                Scoring scored;
                try
                {
                    scored = await LocalFailure.AsCommandErrorAsync(() => ScoreAsync(
                        context.Console, call.Output, loaded, files, inputDirectory, outputDirectory, scoring, interrupt.Token));
                }
                catch (SlipwayException ex)
                {
                    throw new CommandException($"Scoring {inputVersion} with {modelText} failed: {ex.Message} Nothing was pushed.", ex);
                }

                var pushOptions = new DatasetPushOptions { Message = call.Get(message) ?? $"predictions of {modelText} on {inputVersion}" };
                var pushed = await LocalFailure.AsCommandErrorAsync(() => TransferDisplay.RunAsync(
                    context.Console, call.Output, progress => call.Client.PushAsync(outputDirectory, outputName, pushOptions, progress, interrupt.Token)));
                var result = new PredictResult(
                    modelText,
                    inputVersion,
                    DatasetArguments.Display(pushed.Version),
                    pushed.Created,
                    scored.Files,
                    scored.Rows,
                    Math.Round(scored.Elapsed.TotalSeconds, 3),
                    Math.Round(RowsPerSecond(scored.Rows, scored.Elapsed)),
                    scored.PredictionColumns);
                if (call.Output.IsJson)
                {
                    call.Output.Json(result, PredictJsonContext.Default.PredictResult);
                }
                else
                {
                    call.Output.Line(Summary(result));
                    call.Output.Line(pushed.Created
                        ? $"Predictions: {result.Output}"
                        : $"Predictions: {result.Output} (unchanged: the latest version already held these files, so no version was made)");
                }

                return 0;
            }
            catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
            {
                ClientCommandAction.Fail(context, "Interrupted: nothing was pushed.");
                return ConsoleInterrupt.ExitCode;
            }
            finally
            {
                TryDelete(temp);
            }
        });
        return command;
    }

    /// <summary>"Scored 5,000 rows in 2 files of data:customers@3 with models:/churn/2 in 1.2 s (4,167 rows/s)"</summary>
    public static string Summary(PredictResult result) =>
        $"Scored {DataFormat.Plural(result.Rows, "row")} in {DataFormat.Plural(result.Files, "file")} of {result.Input} with {result.Model} "
        + $"in {DataFormat.Seconds(TimeSpan.FromSeconds(result.Seconds))} ({DataFormat.Count((long)result.RowsPerSecond)} rows/s)";

    /// <summary>The dataset name of <c>churn-scores</c> or <c>data:churn-scores</c>; a version or path is refused.</summary>
    public static string OutputName(string text)
    {
        var reference = DatasetReference.Parse(text);
        if (text.Contains('@', StringComparison.Ordinal) || reference.Path.Length > 0)
        {
            throw SlipwayException.Invalid($"--output '{text}' names a version or a path; give the dataset name only, such as data:{reference.Name}.");
        }

        return reference.Name;
    }

    /// <summary>The .csv and .parquet files under <paramref name="directory"/>, in ordinal path order.</summary>
    public static IReadOnlyList<string> TabularFiles(string directory) =>
        !Directory.Exists(directory)
            ? []
            : [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".csv" or ".parquet")
                .Order(StringComparer.Ordinal)];

    private static async Task<Scoring> ScoreAsync(
        IAnsiConsole console,
        Output.CliWriter output,
        LocalModel model,
        IReadOnlyList<string> files,
        string inputDirectory,
        string outputDirectory,
        BatchScoringOptions options,
        CancellationToken cancellationToken)
    {
        // Files keep their folders: train/part-0.csv becomes train/part-0.parquet, so parts of the same name in
        // different folders do not collide.
        var groups = files.GroupBy(f => Path.GetRelativePath(inputDirectory, Path.GetDirectoryName(f)!), StringComparer.Ordinal).ToList();
        var capabilities = console.Profile.Capabilities;
        var interactive = !output.IsJson && capabilities.Interactive && capabilities.Ansi;
        if (!interactive && !output.IsJson)
        {
            output.Line($"Scoring {DataFormat.Plural(files.Count, "file")} with models:/{model.Name}/{model.Version} ...");
        }

        var started = Stopwatch.StartNew();
        async Task<Scoring> Run(Action<long>? report)
        {
            long rows = 0;
            IReadOnlyList<string> columns = [];
            foreach (var group in groups)
            {
                var before = rows;
                var progress = report is null ? null : new SynchronousProgress(done => report(before + done));
                var target = Path.GetFullPath(Path.Combine(outputDirectory, group.Key));
                var summary = await model.ScoreFilesAsync([.. group], target, options, progress, cancellationToken);
                rows += summary.Rows;
                columns = columns.Count == 0 ? summary.PredictionColumns : columns;
                if (report is null && !output.IsJson)
                {
                    foreach (var file in summary.Files)
                    {
                        output.Line($"  {Path.GetRelativePath(inputDirectory, file.Input)}: {DataFormat.Plural(file.Rows, "row")}");
                    }
                }
            }

            return new Scoring(files.Count, rows, columns, started.Elapsed);
        }

        if (!interactive)
        {
            return await Run(null);
        }

        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Scoring {DataFormat.Plural(files.Count, "file")}", maxValue: 1);
                task.IsIndeterminate = true;
                var result = await Run(rows => task.Description = $"Scoring {DataFormat.Plural(files.Count, "file")}: {DataFormat.Plural(rows, "row")}");
                task.Description = $"Scored {DataFormat.Plural(result.Files, "file")}: {DataFormat.Plural(result.Rows, "row")}";
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
    }

    private static double RowsPerSecond(long rows, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? rows / elapsed.TotalSeconds : 0;

    private static void Validate(OptionResult result, Action<string> parse)
    {
        try
        {
            parse(result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty);
        }
        catch (SlipwayException ex)
        {
            result.AddError(ex.Message);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform; the temp folder is the system's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record Scoring(int Files, long Rows, IReadOnlyList<string> PredictionColumns, TimeSpan Elapsed);

    /// <summary>Reports on the scoring thread at once (a <see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
