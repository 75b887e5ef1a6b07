using Slipway.Serving.Inference;

namespace Slipway.Serving.Deployments;

/// <summary>Receives every prediction the engine serves (and every one that fails), for the inference log.</summary>
public interface IInferenceRecorder
{
    /// <summary>Must return at once: the caller is on the response path.</summary>
    void Record(ServedCall served);
}
