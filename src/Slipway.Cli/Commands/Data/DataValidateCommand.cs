using System.CommandLine;
using System.Net;
using Slipway.Cli.Output;
using Slipway.Client;
using Slipway.Client.Datasets;

namespace Slipway.Cli.Commands.Data;

/// <summary><c>slipway data validate NAME@VERSION --suite FILE</c></summary>
internal static class DataValidateCommand
{
    /// <summary>An expectation of severity error failed: the data should not be used.</summary>
    public const int FailedExitCode = 1;

    /// <summary>The suite could not be read or the server found it malformed: fix the suite, not the data.</summary>
    public const int InvalidSuiteExitCode = 2;

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var reference = DatasetArguments.Reference("dataset", $"The version to check: {DatasetArguments.ReferenceHelp}.");
        var suite = new Option<string>("--suite")
        {
            Description = "The validation suite: a YAML (or JSON) file of expectations.",
            HelpName = "file",
            Required = true,
        };
        var command = new Command(
            "validate",
            $"Check a dataset version against a validation suite and show each expectation's result. Exit code 0 when no "
            + $"expectation of severity 'error' failed (warnings do not count), {FailedExitCode} when one did, {InvalidSuiteExitCode} when the suite is unreadable or malformed.")
        {
            reference, suite,
        };
        command.WithExamples(
            "slipway data validate churn@3 --suite checks.yaml",
            "slipway data validate churn --suite checks.yaml --output json");
        command.SetClientAction(context, global, async call =>
        {
            var parsed = DatasetArguments.Parse(call.Get(reference));
            var suitePath = call.Get(suite)!;
            string suiteText;
            try
            {
                suiteText = await File.ReadAllTextAsync(suitePath, call.CancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ClientCommandAction.Fail(context, $"Cannot read the suite '{suitePath}': {ex.Message}");
                return InvalidSuiteExitCode;
            }

            DatasetValidationReport report;
            try
            {
                report = await call.Client.ValidateDatasetAsync(parsed.Name, DatasetArguments.Selector(parsed), suiteText, call.CancellationToken);
            }
            catch (SlipwayApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
            {
                ClientCommandAction.Fail(context, $"Invalid suite '{suitePath}': {ex.ServerMessage}");
                return InvalidSuiteExitCode;
            }

            if (call.Output.IsJson)
            {
                call.Output.Json(report, DataJsonContext.Default.DatasetValidationReport);
            }
            else
            {
                Write(call.Output, parsed.ToString(), report);
            }

            return report.HasFailedErrors ? FailedExitCode : 0;
        });
        return command;
    }

    private static void Write(CliWriter output, string version, DatasetValidationReport report)
    {
        if (report.Results.Count > 0)
        {
            var table = CliWriter.NewTable("Result", "Severity", "Expectation", "Table", "Column", "Observed", "Expected", "Message");
            foreach (var result in report.Results)
            {
                CliWriter.AddRow(
                    table,
                    result.Passed ? "pass" : "FAIL",
                    result.Severity,
                    result.Kind,
                    DisplayFormat.OrDash(result.Table),
                    DisplayFormat.OrDash(result.Column),
                    DisplayFormat.OrDash(result.Observed),
                    DisplayFormat.OrDash(result.Expected),
                    DisplayFormat.OrDash(result.Message));
            }

            output.Render(table);
        }

        var failedErrors = report.Results.Count(r => !r.Passed && r.IsError);
        var failedWarnings = report.Results.Count(r => !r.Passed && !r.IsError);
        var counts = $"{DataFormat.Plural(report.Results.Count, "expectation")}: {DataFormat.Count(failedErrors)} failed with severity error, "
            + $"{DataFormat.Count(failedWarnings)} with a lower severity";
        output.Line(report.HasFailedErrors ? $"Validation of {version} failed. {counts}." : $"Validation of {version} passed. {counts}.");
    }
}
