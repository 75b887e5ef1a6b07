using Slipway.Core.Serving;
using Slipway.Core.Uris;

namespace Slipway.Server.Serving;

/// <summary>
/// The deployment a serving-only replica started with <c>--model models:/...</c> serves: never stored, named after
/// the model (in the form deployment names take), all traffic to the one URI.
/// </summary>
public static class ModelOnlyDeployment
{
    public static Deployment For(string modelUri)
    {
        var name = NameFor(modelUri);
        return new Deployment(name, null, 1, new DeploymentSpec([new DeploymentTarget(modelUri, 1)]), 0, 0, null, null);
    }

    /// <summary><c>models:/Churn Classifier@prod</c> is served as <c>churn-classifier</c>.</summary>
    public static string NameFor(string modelUri)
    {
        var model = ModelUri.Parse(modelUri).Name;
        var chars = model.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        return new string(chars).Trim('-', '.', '_') is { Length: > 0 } name ? name[..Math.Min(name.Length, 63)] : "model";
    }
}
