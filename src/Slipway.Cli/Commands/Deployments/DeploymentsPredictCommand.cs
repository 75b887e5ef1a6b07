using System.CommandLine;
using System.Text.Json;
using Slipway.Client.Deployments;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Cli.Commands.Deployments;

/// <summary><c>slipway deployments predict NAME (--json REQUEST | --file PATH | --rows ROWS) [--version V]</c></summary>
internal static class DeploymentsPredictCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = DeploymentArguments.Name("The deployment to ask.");
        var json = new Option<string?>("--json")
        {
            Description = "An Open Inference Protocol request: '{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 3], \"data\": [1, 2, 3]}]}'.",
            HelpName = "request",
        };
        var file = new Option<string?>("--file", "-f")
        {
            Description = "A file holding such a request; '-' reads standard input.",
            HelpName = "path",
        };
        var rows = new Option<string?>("--rows")
        {
            Description = "Feature rows as JSON, '[[1, 2, 3], [4, 5, 6]]', for a model with one FP32 input of shape [-1, k].",
            HelpName = "rows",
        };
        var version = new Option<string?>("--version")
        {
            Description = "Ask one served version (see `slipway deployments get`), bypassing the traffic split.",
            HelpName = "version",
        };
        var command = new Command(
            "predict",
            "Send a prediction to a deployment over the Open Inference Protocol and print its outputs: a line per row, a column per output.")
        {
            name, json, file, rows, version,
        };
        command.WithExamples(
            "slipway deployments predict churn --rows '[[0.5, 12, 3], [0.1, 40, 0]]'",
            "slipway deployments predict churn --json '{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 3], \"data\": [0.5, 12, 3]}]}'",
            "slipway deployments predict churn --file request.json --output json",
            "slipway deployments predict churn --rows '[[0.5, 12, 3]]' --version 4       one version, not the split");
        command.Validators.Add(result =>
        {
            var given = new[] { result.GetValue(json), result.GetValue(file), result.GetValue(rows) }.Count(v => v is not null);
            if (given != 1)
            {
                result.AddError("Give exactly one of --json REQUEST, --file PATH and --rows ROWS.");
            }
        });
        command.SetClientAction(context, global, async call =>
        {
            var deployment = call.Get(name);
            var versionText = call.Get(version);
            PredictionResult result;
            if (call.Get(rows) is { } rowsText)
            {
                var parsed = ParseRows(rowsText);
                var served = await call.Client.GetServedModelAsync(deployment, versionText, call.CancellationToken);
                result = await call.Client.PredictAsync(deployment, [RowsInput(deployment, served.Signature, parsed)], null, versionText, call.CancellationToken);
            }
            else
            {
                var request = call.Get(json) ?? await ReadRequestAsync(context, call.Get(file)!, call.CancellationToken);
                result = await call.Client.PredictJsonAsync(deployment, request, versionText, call.CancellationToken);
            }

            if (call.Output.IsJson)
            {
                context.Output.WriteLine(PredictionView.Json(result));
                context.Output.Flush();
            }
            else
            {
                PredictionView.Write(call.Output, result);
            }

            return 0;
        });
        return command;
    }

    private static async Task<string> ReadRequestAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            return await context.Input.ReadToEndAsync(cancellationToken);
        }

        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"Cannot read the request file '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>The rows of <c>--rows</c>: a JSON array of equally long arrays of numbers.</summary>
    internal static float[][] ParseRows(string text)
    {
        const string Expected = "--rows must be a JSON array of rows of numbers, such as [[1, 2, 3], [4, 5, 6]]";
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                throw new CommandException($"{Expected}.");
            }

            var parsed = document.RootElement.EnumerateArray()
                .Select(row => row.ValueKind == JsonValueKind.Array
                    ? row.EnumerateArray().Select(v => v.GetSingle()).ToArray()
                    : throw new CommandException($"{Expected}; found {row.GetRawText()} where a row should be."))
                .ToArray();
            if (parsed.Any(row => row.Length != parsed[0].Length))
            {
                throw new CommandException($"Every row of --rows needs the same number of values; the first has {parsed[0].Length}.");
            }

            return parsed;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new CommandException($"{Expected}: {ex.Message}", ex);
        }
    }

    private static InferenceTensor RowsInput(string deployment, ModelSignature signature, float[][] rows)
    {
        if (signature.Inputs is not [{ Datatype: OipDatatypes.Fp32, Shape.Count: 2 } input])
        {
            throw new CommandException(
                $"--rows needs a model with one FP32 input of shape [-1, k]; deployment '{deployment}' takes {string.Join(", ", signature.Inputs)}. Send a request with --json or --file instead.");
        }

        var columns = rows[0].Length;
        var data = new float[rows.Length * columns];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i].CopyTo(data, i * columns);
        }

        return new InferenceTensor(input.Name, OipDatatypes.Fp32, [rows.Length, columns], data);
    }
}
