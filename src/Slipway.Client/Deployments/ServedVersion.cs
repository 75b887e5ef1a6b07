namespace Slipway.Client.Deployments;

/// <summary>
/// A model version a server has loaded for a deployment: the registered <see cref="Model"/> and
/// <see cref="Version"/> the target's <see cref="Uri"/> resolved to (an alias or stage resolves to a number), its
/// share of traffic, its <see cref="Route"/> (<c>primary</c>, <c>canary</c> or <c>shadow</c>, as metrics and the
/// inference log name it) and how long it took to load.
/// </summary>
public sealed record ServedVersion(string Model, string Version, string Uri, int Weight, string Route, double LoadSeconds);
