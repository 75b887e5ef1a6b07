namespace Slipway.Data.Validation;

/// <summary>What a failed expectation means: an error fails the suite (and stops a pipeline), a warning is only reported.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ExpectationSeverityJsonConverter))]
public enum ExpectationSeverity
{
    Error,
    Warn,
}
