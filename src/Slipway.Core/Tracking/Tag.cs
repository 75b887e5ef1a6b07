namespace Slipway.Core.Tracking;

/// <summary>A key-value tag on an experiment, run, registered model or model version.</summary>
public sealed record Tag(string Key, string Value);
