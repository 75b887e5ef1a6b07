namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>registered-models/rename</c>.</summary>
internal sealed record RenameRegisteredModelRequest
{
    public string? Name { get; init; }

    public string? NewName { get; init; }
}
