using System.Diagnostics;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Packaging;

namespace Slipway.Serving.Deployments;

/// <summary>
/// One request's hold on the version chosen to answer it. Protocols decode against <see cref="Signature"/> (the V1
/// and MLflow formats need it to type their untyped values), then call <see cref="PredictAsync"/>; disposing gives
/// the lease back, after which a swapped-out model may unload.
/// </summary>
public sealed class ServingCall : IDisposable
{
    private readonly LiveDeployment _deployment;
    private readonly LiveTarget _target;
    private readonly IInferenceRecorder? _recorder;
    private int _disposed;

    internal ServingCall(LiveDeployment deployment, LiveTarget target, IInferenceRecorder? recorder)
    {
        _deployment = deployment;
        _target = target;
        _recorder = recorder;
    }

    /// <summary>The deployment's name: what the protocols call the model.</summary>
    public string DeploymentName => _deployment.Plan.Name;

    public string ModelName => _target.Model.Name;

    public string ModelVersion => _target.Model.VersionText;

    public string Route => _target.Route;

    public ModelSignature Signature => _target.Model.Package.Signature;

    public ModelDescriptor Descriptor => _target.Model.Package.Descriptor;

    /// <summary>Checks the request against the signature, predicts (through the batcher when batching is on), logs and shadows it.</summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE when the request does not fit the model.</exception>
    public async ValueTask<InferenceResponse> PredictAsync(InferenceRequest request, string protocol)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The log's records of one request (primary and shadow) share an id, the caller's when it sent one. A deployment
        // that logs nothing builds no records and needs no id; ids come from RequestIds: Guid.NewGuid reads the kernel's
        // random source with a system call, on every request here.
        var recorder = _deployment.Plan.LogSampleRate > 0 ? _recorder : null;
        var logged = recorder is null || request.Id is not null ? request : request with { Id = Logging.RequestIds.New() };
        var started = Stopwatch.GetTimestamp();
        var timestamp = DateTimeOffset.UtcNow;
        IReadOnlyList<InferenceTensor> outputs;
        try
        {
            SignatureCheck.Validate(Signature, request);
            outputs = _target.Batcher is { } batcher
                ? await batcher.PredictAsync(request.Inputs, request.RequestedOutputs)
                : _target.Model.Package.Runtime.Predict(request.Inputs, request.RequestedOutputs);
        }
        catch (Exception ex)
        {
            var kind = ex is SlipwayException { Code: ErrorCode.InvalidParameterValue } ? "bad_input" : "failed";
            ServingMetrics.Errors.WithLabels([.. _target.ErrorLabels, kind]).Inc();
            recorder?.Record(new ServedCall(_deployment.Plan, ModelName, _target.Model.Version, Route, protocol, logged, null, timestamp, Stopwatch.GetElapsedTime(started), ex.Message));
            throw;
        }

        var latency = Stopwatch.GetElapsedTime(started);
        _target.Requests.Inc();
        _target.Rows.Inc(request.Rows);
        _target.Latency.Observe(latency.TotalSeconds);
        recorder?.Record(new ServedCall(_deployment.Plan, ModelName, _target.Model.Version, Route, protocol, logged, outputs, timestamp, latency, null));
        if (_deployment.Shadow is { } shadow)
        {
            StartShadow(shadow, logged, protocol, recorder);
        }

        return new InferenceResponse(DeploymentName, ModelVersion, outputs, request.Id, request.Parameters);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _target.Model.Release();
        }
    }

    // Apart from PredictAsync so that the closure is allocated only for a deployment with a shadow: a lambda's captures
    // are hoisted to the start of the method that declares them, and would cost every request.
    private void StartShadow(LiveTarget shadow, InferenceRequest request, string protocol, IInferenceRecorder? recorder)
    {
        if (shadow.Model.TryAcquire())
        {
            _ = Task.Run(() => RunShadow(shadow, request, protocol, recorder));
        }
    }

    private void RunShadow(LiveTarget shadow, InferenceRequest request, string protocol, IInferenceRecorder? recorder)
    {
        var started = Stopwatch.GetTimestamp();
        var timestamp = DateTimeOffset.UtcNow;
        try
        {
            SignatureCheck.Validate(shadow.Model.Package.Signature, request);
            var outputs = shadow.Model.Package.Runtime.Predict(request.Inputs, []);
            var latency = Stopwatch.GetElapsedTime(started);
            shadow.Requests.Inc();
            shadow.Rows.Inc(request.Rows);
            shadow.Latency.Observe(latency.TotalSeconds);
            recorder?.Record(new ServedCall(_deployment.Plan, shadow.Model.Name, shadow.Model.Version, RouteNames.Shadow, protocol, request, outputs, timestamp, latency, null));
        }
#pragma warning disable CA1031 // A shadow's failure is logged and counted; it must never reach the caller, who was already answered.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ServingMetrics.Errors.WithLabels([.. shadow.ErrorLabels, ex is SlipwayException { Code: ErrorCode.InvalidParameterValue } ? "bad_input" : "failed"]).Inc();
            recorder?.Record(new ServedCall(_deployment.Plan, shadow.Model.Name, shadow.Model.Version, RouteNames.Shadow, protocol, request, null, timestamp, Stopwatch.GetElapsedTime(started), ex.Message));
        }
        finally
        {
            shadow.Model.Release();
        }
    }
}
