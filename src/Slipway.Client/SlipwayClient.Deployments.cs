using System.Text;
using System.Text.Json;
using Slipway.Client.Deployments;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Errors;
using Slipway.Core.Serving;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Client;

/// <summary>
/// Deployments (<c>/api/v1/deployments</c>): named model endpoints of the workspace, each serving one or more
/// registry URIs with weights, a shadow, sticky routing, batching and inference logging. Every change is stored as a
/// new revision and applied before the call returns: the answer's <see cref="DeploymentInfo.Status"/> says whether
/// the new versions loaded (<see cref="DeploymentState.Ready"/>) or why not (<see cref="DeploymentState.Failed"/>).
/// Predictions go to the deployment's Open Inference Protocol REST endpoint (<c>/v2/models/{name}/infer</c>) on this
/// client's server, or on a serving replica (<c>slipway serve</c>) given its own client.
/// </summary>
public sealed partial class SlipwayClient
{
    /// <summary>The response header that names the route a prediction took: <c>primary</c> or <c>canary</c>.</summary>
    public const string RouteHeader = "X-Slipway-Route";

    /// <summary>Creates a deployment of <paramref name="spec"/> and loads it; an unknown model or alias is refused (RESOURCE_DOES_NOT_EXIST) and nothing is stored.</summary>
    /// <exception cref="SlipwayApiException">INVALID_PARAMETER_VALUE for a bad name or spec, RESOURCE_ALREADY_EXISTS for a name in use.</exception>
    public async Task<DeploymentInfo> CreateDeploymentAsync(string name, DeploymentSpec spec, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(spec);
        var response = await NativeAsync(
            HttpMethod.Post, "deployments", DeploymentWireMapper.ToRequest(name, spec, description, null),
            WireJsonContext.Default.DeploymentRequest, WireJsonContext.Default.WireDeployment, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>The workspace's deployments, each with what the server serves for it.</summary>
    public async Task<IReadOnlyList<DeploymentInfo>> ListDeploymentsAsync(CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, "deployments", WireJsonContext.Default.DeploymentsResponse, cancellationToken);
        return response.Deployments?.Select(d => d.ToDomain()).ToArray() ?? [];
    }

    /// <summary>A deployment with its current configuration and what the server serves for it.</summary>
    public async Task<DeploymentInfo> GetDeploymentAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, DeploymentPath(name), WireJsonContext.Default.WireDeployment, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>
    /// Replaces a deployment's whole configuration with <paramref name="spec"/> as a new revision; the new versions load
    /// and warm up before traffic moves to them. To change one field, read the deployment, change its
    /// <see cref="DeploymentInfo.Spec"/> (<c>spec with { Shadow = ... }</c>) and pass its revision as
    /// <paramref name="expectedRevision"/>, so that a change someone else made meanwhile is not overwritten.
    /// </summary>
    /// <param name="expectedRevision">Refuse the update (INVALID_PARAMETER_VALUE, "changed meanwhile") when the deployment is no longer at this revision; null updates whatever revision it is at.</param>
    /// <param name="description">The new description; null keeps the current one.</param>
    public async Task<DeploymentInfo> UpdateDeploymentAsync(
        string name, DeploymentSpec spec, long? expectedRevision = null, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var response = await NativeAsync(
            HttpMethod.Put, DeploymentPath(name), DeploymentWireMapper.ToRequest(null, spec, description, expectedRevision),
            WireJsonContext.Default.DeploymentRequest, WireJsonContext.Default.WireDeployment, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>Restores the configuration of <paramref name="revision"/> (null: the one before the current) as a new revision, and loads it.</summary>
    public async Task<DeploymentInfo> RollbackDeploymentAsync(string name, long? revision = null, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(
            HttpMethod.Post, DeploymentPath(name) + "/rollback", new RollbackDeploymentRequest { Revision = revision },
            WireJsonContext.Default.RollbackDeploymentRequest, WireJsonContext.Default.WireDeployment, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>Every configuration the deployment has had, newest first, with who changed it and how ("created", "updated", "rolled back to revision 2").</summary>
    public async Task<IReadOnlyList<DeploymentRevision>> ListDeploymentRevisionsAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, DeploymentPath(name) + "/revisions", WireJsonContext.Default.DeploymentRevisionsResponse, cancellationToken);
        return response.Revisions?.Select(r => r.ToDomain()).ToArray() ?? [];
    }

    /// <summary>Removes a deployment and its revisions; the server unloads its models.</summary>
    public async Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken = default) =>
        await NativeAsync(HttpMethod.Delete, DeploymentPath(name), WireJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>
    /// What a deployment serves, as the Open Inference Protocol's model metadata (<c>GET /v2/models/{name}</c>) says:
    /// its versions, runtime, and the inputs and outputs a prediction takes and gives.
    /// </summary>
    /// <param name="version">One served version's metadata (a number, as <see cref="ServedVersion.Version"/> has it); null: the deployment's.</param>
    public async Task<ServedModelInfo> GetServedModelAsync(string deployment, string? version = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, InferencePath(deployment, version), content: null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return V2RestCodec.ReadMetadata(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw UnexpectedResponse(response, ex);
        }
    }

    /// <summary>
    /// Predicts with a deployment through the Open Inference Protocol's REST form (<c>POST /v2/models/{name}/infer</c>).
    /// Each input is a named tensor whose <see cref="InferenceTensor.Data"/> is the array its datatype names (float[]
    /// for FP32, long[] for INT64, string[] for BYTES ...; see <see cref="InferenceTensor"/>), flat in row-major order.
    /// The outputs come back the same way.
    /// </summary>
    /// <param name="outputs">The outputs to return; null or empty: all of them.</param>
    /// <param name="version">Ask one served version (bypassing the traffic split); null lets the deployment route the request.</param>
    /// <exception cref="SlipwayApiException">
    /// The server's message: BAD_REQUEST naming the input that does not fit the model (name, datatype, shape),
    /// RESOURCE_DOES_NOT_EXIST for an unknown deployment or version, TEMPORARILY_UNAVAILABLE while it loads.
    /// </exception>
    public Task<PredictionResult> PredictAsync(
        string deployment,
        IReadOnlyList<InferenceTensor> inputs,
        IReadOnlyList<string>? outputs = null,
        string? version = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return InferAsync(deployment, version, V2RestCodec.WriteRequest(inputs, outputs), cancellationToken);
    }

    /// <summary>
    /// Predicts with a deployment from an Open Inference Protocol request written as JSON
    /// (<c>{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]}</c>), sent as it is.
    /// </summary>
    /// <inheritdoc cref="PredictAsync" path="/param[@name='version']"/>
    public Task<PredictionResult> PredictJsonAsync(string deployment, string requestJson, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestJson);
        return InferAsync(deployment, version, Encoding.UTF8.GetBytes(requestJson), cancellationToken);
    }

    /// <summary>
    /// Predicts a batch of feature rows with a deployment whose model has one FP32 input of shape [-1, k], as
    /// <see cref="Models.LocalModel.PredictRows"/> does in-process: each row holds the k features. Returns the FP32
    /// output (<paramref name="output"/>, else the model's first) flat in row order: one value per row for an output
    /// of shape [-1, 1], m values per row, row after row, for [-1, m]. Asks the deployment's metadata first for the
    /// input's name, so it takes two requests.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model does not have one FP32 input of rank 2, or the output is not FP32; use <see cref="PredictAsync"/>.</exception>
    /// <exception cref="ArgumentException">A row does not have k values.</exception>
    public async Task<float[]> PredictRowsAsync(
        string deployment, float[][] rows, string? output = null, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var signature = (await GetServedModelAsync(deployment, version, cancellationToken)).Signature;
        if (signature.Inputs is not [{ Datatype: OipDatatypes.Fp32, Shape.Count: 2 } input])
        {
            throw new InvalidOperationException(
                $"PredictRowsAsync needs a model with one FP32 input of shape [-1, k]; deployment '{deployment}' takes "
                + $"{string.Join(", ", signature.Inputs)}. Use PredictAsync with tensors instead.");
        }

        var outputName = output ?? (signature.Outputs.Count > 0 ? signature.Outputs[0].Name : null)
            ?? throw new InvalidOperationException($"Deployment '{deployment}' declares no outputs.");
        if (signature.Outputs.FirstOrDefault(o => o.Name == outputName) is { Datatype: not OipDatatypes.Fp32 } spec)
        {
            throw new InvalidOperationException($"PredictRowsAsync returns FP32 values, but output {spec} of deployment '{deployment}' is not FP32. Use PredictAsync instead.");
        }

        if (rows.Length == 0)
        {
            return [];
        }

        var columns = input.Shape[1] >= 0 ? (int)input.Shape[1] : rows[0]?.Length ?? 0;
        var data = new float[rows.Length * columns];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (row.Length != columns)
            {
                throw new ArgumentException($"Row {i} has {row.Length} values, but input '{input.Name}' of deployment '{deployment}' takes {columns} per row.", nameof(rows));
            }

            row.CopyTo(data, i * columns);
        }

        var result = await PredictAsync(deployment, [new InferenceTensor(input.Name, OipDatatypes.Fp32, [rows.Length, columns], data)], [outputName], version, cancellationToken);
        var answer = result.Outputs.FirstOrDefault(o => o.Name == outputName)
            ?? throw new SlipwayException(ErrorCode.InternalError, $"Deployment '{deployment}' answered without output '{outputName}'.");
        return answer.Data as float[]
            ?? throw new InvalidOperationException($"Output {answer} of deployment '{deployment}' is not FP32. Use PredictAsync instead.");
    }

    private async Task<PredictionResult> InferAsync(string deployment, string? version, byte[] body, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonMediaType;
        using var response = await SendAsync(HttpMethod.Post, InferencePath(deployment, version) + "/infer", content, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return V2RestCodec.ReadResponse(answer, HeaderValue(response, RouteHeader));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw UnexpectedResponse(response, ex);
        }
    }

    private SlipwayException UnexpectedResponse(HttpResponseMessage response, Exception ex) => new(
        ErrorCode.InternalError,
        $"Unexpected response from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri ?? BaseUri}: {ex.Message}",
        ex);

    private static string DeploymentPath(string name) => $"deployments/{PathSegment(name)}";

    private static string InferencePath(string deployment, string? version) =>
        version is null ? $"v2/models/{PathSegment(deployment)}" : $"v2/models/{PathSegment(deployment)}/versions/{PathSegment(version)}";
}
