using Microsoft.ML;
using Microsoft.ML.Data;
using Slipway.Core.Errors;
using Slipway.Serving.Models;
using Slipway.Serving.Runtimes;

namespace Slipway.Serving.Tests.Runtimes;

public sealed class MlNetModelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-mlnet-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_regression_models_signature_is_its_feature_vector_and_score()
    {
        var path = TrainRegression();

        var model = MlNetModel.Load(path);

        Assert.Contains(new TensorSpec("Features", OipDatatypes.Fp32, [-1, 3]), model.Signature.Inputs);
        Assert.Equal([new TensorSpec("Score", OipDatatypes.Fp32, [-1])], model.Signature.Outputs);
    }

    [Fact]
    public void A_file_that_is_not_an_mlnet_model_is_refused_naming_it()
    {
        var path = Path.Combine(_directory, "broken.zip");
        File.WriteAllText(path, "not a model");

        var error = Assert.Throws<SlipwayException>(() => MlNetModel.Load(path));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith("'broken.zip' is not an ML.NET model", error.Message, StringComparison.Ordinal);
    }

    private string TrainRegression()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 200).Select(i => new Row { Features = [i % 7, i % 5, i % 3], Label = (i % 7) + (2 * (i % 5)) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 20).Fit(data);
        var path = Path.Combine(_directory, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        return path;
    }

    private sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
