namespace Slipway.Serving.Models;

/// <summary>What a model takes and gives, in order: the contract every protocol's request is checked against.</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
