using System.Reflection;
using Slipway.Serving.Deployments;
using Slipway.Serving.Packaging;

namespace Slipway.Server.Serving;

/// <summary>What the Open Inference Protocol's metadata calls say about the server and its models, shared by REST and gRPC.</summary>
public static class InferenceMetadata
{
    public const string ServerName = "slipway";

    public static string ServerVersion { get; } =
        typeof(InferenceMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The optional protocol extensions served: none of them (the model repository is the registry).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [];

    /// <summary>Versions the deployment serves (its weighted targets; the shadow is never called directly).</summary>
    public static IReadOnlyList<string> Versions(ServingEngine engine, string workspaceId, string deployment) =>
        engine.Find(workspaceId, deployment)?.Current is { } live ? [.. live.Targets.Select(t => t.Model.VersionText).Distinct()] : [];

    /// <summary>Triton's platform names: <c>onnxruntime_onnx</c>, and <c>mlnet_zip</c> for ML.NET.</summary>
    public static string Platform(ServingCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Descriptor.Flavor == ModelFlavors.Onnx ? "onnxruntime_onnx" : "mlnet_zip";
    }
}
