using Slipway.Core.Registry;
using Slipway.Serving.Batch;
using Slipway.Serving.Deployments;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Packaging;

namespace Slipway.Client.Models;

/// <summary>
/// A registered model version loaded in this process (<see cref="SlipwayClient.LoadModelAsync"/>): predictions run
/// through the same signature check and runtime (ONNX Runtime or ML.NET) as the server's online endpoints, with no
/// network call. Thread-safe: predict from many threads at once. Dispose releases the runtime once the predictions
/// already running have finished.
/// </summary>
public sealed class LocalModel : IDisposable
{
    private readonly LoadedModel _model;
    private int _disposed;

    internal LocalModel(LoadedModel model, string sha256, bool digestVerified, bool fromCache)
    {
        _model = model;
        Sha256 = sha256;
        DigestVerified = digestVerified;
        FromCache = fromCache;
    }

    public string Name => _model.Name;

    public long Version => _model.Version;

    /// <summary>The local directory holding the version's files (the <c>MLmodel</c> descriptor and the model file).</summary>
    public string Directory => _model.Package.Directory;

    public ModelDescriptor Descriptor => _model.Package.Descriptor;

    /// <summary>The inputs and outputs the model file declares: what <see cref="Predict"/> checks its inputs against.</summary>
    public ModelSignature Signature => _model.Package.Signature;

    /// <summary>The SHA-256 of the model file on disk, as 64 lower-case hex digits.</summary>
    public string Sha256 { get; }

    /// <summary>
    /// True when the model file matched the version's <see cref="ModelVersionTags.Sha256"/> tag. False when the
    /// version has no such tag: then only each file's size was checked against the server's listing, and a changed
    /// artifact of the same size would not be noticed.
    /// </summary>
    public bool DigestVerified { get; }

    /// <summary>True when the files came from the local cache, false when this load downloaded them.</summary>
    public bool FromCache { get; }

    /// <summary>Runs the model on <paramref name="inputs"/>, checked against <see cref="Signature"/> first.</summary>
    /// <param name="outputs">The outputs to return; null or empty: all of them.</param>
    /// <exception cref="Core.Errors.SlipwayException">INVALID_PARAMETER_VALUE naming the input or output that does not fit the signature.</exception>
    public IReadOnlyList<InferenceTensor> Predict(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var request = new InferenceRequest(inputs, outputs ?? []);
        SignatureCheck.Validate(Signature, request);
        if (!_model.TryAcquire())
        {
            throw new ObjectDisposedException(nameof(LocalModel), $"Model '{Name}' version {Version} has been disposed.");
        }

        try
        {
            return _model.Package.Runtime.Predict(request.Inputs, request.RequestedOutputs);
        }
        finally
        {
            _model.Release();
        }
    }

    /// <summary>
    /// Predicts a batch of feature rows for the common model with one FP32 input of shape [-1, k]: each row holds the
    /// k features. Returns the FP32 output (<paramref name="output"/>, else the model's first output) flat in row
    /// order: one value per row for an output of shape [-1, 1], m values per row, row after row, for [-1, m].
    /// </summary>
    /// <exception cref="InvalidOperationException">The model does not have one FP32 input of rank 2, or the output is not FP32; use <see cref="Predict"/>.</exception>
    /// <exception cref="ArgumentException">A row does not have k values.</exception>
    public float[] PredictRows(float[][] rows, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (Signature.Inputs is not [{ Datatype: OipDatatypes.Fp32, Shape.Count: 2 } input])
        {
            throw new InvalidOperationException(
                $"PredictRows needs a model with one FP32 input of shape [-1, k]; model '{Name}' takes "
                + $"{string.Join(", ", Signature.Inputs)}. Use Predict with tensors instead.");
        }

        var outputName = output ?? Signature.Outputs[0].Name;
        if (Signature.Outputs.FirstOrDefault(o => o.Name == outputName) is { Datatype: not OipDatatypes.Fp32 } spec)
        {
            throw new InvalidOperationException($"PredictRows returns FP32 values, but output {spec} of model '{Name}' is not FP32. Use Predict instead.");
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
                throw new ArgumentException($"Row {i} has {row.Length} values, but input '{input.Name}' of model '{Name}' takes {columns} per row.", nameof(rows));
            }

            row.CopyTo(data, i * columns);
        }

        var tensor = new InferenceTensor(input.Name, OipDatatypes.Fp32, [rows.Length, columns], data);
        return (float[])Predict([tensor], [outputName])[0].Data;
    }

    /// <summary>
    /// Scores table files (CSV or Parquet, by extension) with this model into Parquet files under
    /// <paramref name="outputDirectory"/>, one per input: its columns followed by the prediction columns. The runtime
    /// is the one <see cref="Predict"/> uses, so each row gets the prediction online serving would give; see
    /// <see cref="BatchScorer"/> for how columns fill the model's inputs and how prediction columns are named.
    /// </summary>
    /// <param name="progress">Told the rows scored so far, over all files, after each chunk.</param>
    /// <exception cref="Core.Errors.SlipwayException">INVALID_PARAMETER_VALUE when a file cannot be read, lacks a column the model needs, or holds a value that does not fit.</exception>
    public async Task<BatchScoringSummary> ScoreFilesAsync(
        IReadOnlyList<string> inputs,
        string outputDirectory,
        BatchScoringOptions? options = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (!_model.TryAcquire())
        {
            throw new ObjectDisposedException(nameof(LocalModel), $"Model '{Name}' version {Version} has been disposed.");
        }

        try
        {
            System.IO.Directory.CreateDirectory(outputDirectory);
            return await new BatchScorer(_model.Package, options).ScoreFilesAsync(inputs, outputDirectory, progress, cancellationToken);
        }
        finally
        {
            _model.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _model.Release();
        }
    }
}
