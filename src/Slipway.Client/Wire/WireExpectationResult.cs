using System.Text.Json;

namespace Slipway.Client.Wire;

/// <summary>One expectation's outcome. Observed and expected values may be numbers, strings, lists or objects.</summary>
internal sealed record WireExpectationResult
{
    public string? Kind { get; init; }

    public string? Table { get; init; }

    public string? Column { get; init; }

    public string? Severity { get; init; }

    public bool Passed { get; init; }

    public JsonElement? Observed { get; init; }

    public JsonElement? Expected { get; init; }

    public string? Message { get; init; }
}
