namespace Slipway.Pipelines.Specs;

/// <summary>
/// The type of a pipeline parameter (<c>string</c>, <c>int</c>, <c>float</c>, <c>bool</c> in the file); values are
/// checked against it at parse time (defaults) and at launch (overrides).
/// </summary>
public enum ParamType
{
    Text,
    WholeNumber,
    Number,
    Boolean,
}
