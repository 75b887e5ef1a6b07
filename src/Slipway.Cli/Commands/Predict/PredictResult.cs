namespace Slipway.Cli.Commands.Predict;

/// <summary>What <c>slipway predict</c> did, as <c>--output json</c> prints it.</summary>
/// <param name="Model">The model version scored with, by number: <c>models:/churn/2</c>.</param>
/// <param name="Input">The input version: <c>data:customers@3</c>.</param>
/// <param name="Output">The output version holding the predictions: <c>data:churn-scores@1</c>.</param>
/// <param name="Created">False when the output's latest version already held exactly these files, so none was made.</param>
internal sealed record PredictResult(
    string Model,
    string Input,
    string Output,
    bool Created,
    int Files,
    long Rows,
    double Seconds,
    double RowsPerSecond,
    IReadOnlyList<string> PredictionColumns);
