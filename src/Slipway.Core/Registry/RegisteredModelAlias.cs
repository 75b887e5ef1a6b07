namespace Slipway.Core.Registry;

/// <summary>A mutable pointer from an alias (such as <c>champion</c>) to one version of a model.</summary>
public sealed record RegisteredModelAlias(string Alias, string Version);
