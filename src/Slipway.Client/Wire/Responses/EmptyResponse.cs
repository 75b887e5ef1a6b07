namespace Slipway.Client.Wire.Responses;

/// <summary>A response whose fields, if any, the client does not need.</summary>
internal sealed record EmptyResponse;
