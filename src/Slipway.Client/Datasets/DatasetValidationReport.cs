namespace Slipway.Client.Datasets;

/// <summary>The outcome of a validation suite against one version: the server's verdict and every expectation's result.</summary>
public sealed record DatasetValidationReport(bool Passed, IReadOnlyList<ExpectationResult> Results)
{
    /// <summary>True when an expectation of severity <c>error</c> failed: what should stop a pipeline (warnings should not).</summary>
    public bool HasFailedErrors => Results.Any(r => !r.Passed && r.IsError);
}
