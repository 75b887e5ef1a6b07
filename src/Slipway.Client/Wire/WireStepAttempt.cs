namespace Slipway.Client.Wire;

internal sealed record WireStepAttempt
{
    public int Number { get; init; }

    public string? Status { get; init; }

    public long StartTime { get; init; }

    public long? EndTime { get; init; }

    public int? ExitCode { get; init; }

    public string? Message { get; init; }
}
