namespace Slipway.Core.Serving;

/// <summary>
/// What a deployment serves and how: weighted <see cref="Targets"/>, an optional <see cref="Shadow"/> model that gets
/// a copy of every request, the request header whose value pins a caller to one target (<see cref="StickyHeader"/>),
/// batching, and inference logging (the share of requests logged and an http(s) URL that receives them as
/// CloudEvents). <see cref="DeploymentSpecRules"/> says what a valid spec is. Two specs are equal when every field
/// and every target, in order, are.
/// </summary>
public sealed record DeploymentSpec(
    IReadOnlyList<DeploymentTarget> Targets,
    string? Shadow = null,
    string? StickyHeader = null,
    DeploymentBatching? Batching = null,
    double LogSampleRate = 1,
    string? LogWebhook = null)
{
    public bool Equals(DeploymentSpec? other) =>
        other is not null
        && (ReferenceEquals(Targets, other.Targets) || (Targets is not null && other.Targets is not null && Targets.SequenceEqual(other.Targets)))
        && Shadow == other.Shadow
        && StickyHeader == other.StickyHeader
        && Equals(Batching, other.Batching)
        && LogSampleRate.Equals(other.LogSampleRate)
        && LogWebhook == other.LogWebhook;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var target in Targets ?? [])
        {
            hash.Add(target);
        }

        hash.Add(Shadow, StringComparer.Ordinal);
        hash.Add(StickyHeader, StringComparer.Ordinal);
        hash.Add(Batching);
        hash.Add(LogSampleRate);
        hash.Add(LogWebhook, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
