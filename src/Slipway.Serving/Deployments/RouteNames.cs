namespace Slipway.Serving.Deployments;

/// <summary>How a request reached the version that answered it, as metrics and the inference log name it.</summary>
public static class RouteNames
{
    /// <summary>The target with the largest share of traffic (the first of equals).</summary>
    public const string Primary = "primary";

    /// <summary>Any other weighted target: a canary or the other arm of an A/B test.</summary>
    public const string Canary = "canary";

    /// <summary>The shadow version: it sees a copy of every request and its answers are only logged.</summary>
    public const string Shadow = "shadow";
}
