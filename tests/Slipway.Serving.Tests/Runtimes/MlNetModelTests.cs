using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Runtimes;

namespace Slipway.Serving.Tests.Runtimes;

public sealed class MlNetModelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-mlnet-").FullName;
    private readonly MlNetTrainer _trainer;

    public MlNetModelTests() => _trainer = new MlNetTrainer(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_regression_trained_on_features_and_label_takes_only_the_features_and_gives_its_score()
    {
        using var model = MlNetModel.Load(_trainer.Regression());

        Assert.Equal("mlnet", model.Kind);
        Assert.Equal([new TensorSpec("Features", OipDatatypes.Fp32, [-1, 3])], model.Signature.Inputs);
        Assert.Equal([new TensorSpec("Score", OipDatatypes.Fp32, [-1])], model.Signature.Outputs);
    }

    [Fact]
    public void A_binary_classifier_takes_its_raw_columns_without_the_label_and_gives_label_score_and_probability()
    {
        using var model = MlNetModel.Load(_trainer.Churn());

        Assert.Equal(
            [
                new TensorSpec("Contract", OipDatatypes.Bytes, [-1]),
                new TensorSpec("Comment", OipDatatypes.Bytes, [-1]),
                new TensorSpec("Tenure", OipDatatypes.Fp32, [-1]),
                new TensorSpec("Charges", OipDatatypes.Fp32, [-1]),
            ],
            model.Signature.Inputs);
        Assert.Contains(new TensorSpec("PredictedLabel", OipDatatypes.Bool, [-1]), model.Signature.Outputs);
        Assert.Contains(new TensorSpec("Score", OipDatatypes.Fp32, [-1]), model.Signature.Outputs);
        Assert.Contains(new TensorSpec("Probability", OipDatatypes.Fp32, [-1]), model.Signature.Outputs);
        Assert.Contains(new TensorSpec("ContractEncoded", OipDatatypes.Fp32, [-1, 3]), model.Signature.Outputs);
    }

    [Fact]
    public void A_multiclass_pipeline_that_maps_its_label_to_keys_needs_no_label_and_names_its_predicted_class()
    {
        using var model = MlNetModel.Load(_trainer.Flowers(valuesBack: false));

        Assert.Equal(
            [new TensorSpec("Length", OipDatatypes.Fp32, [-1]), new TensorSpec("Width", OipDatatypes.Fp32, [-1])],
            model.Signature.Inputs);

        // The label's key column is computed from the label, which a prediction does not have.
        Assert.DoesNotContain(model.Signature.Outputs, o => o.Name == "Label");
        Assert.Contains(new TensorSpec("PredictedLabel", OipDatatypes.Bytes, [-1]), model.Signature.Outputs);
        Assert.Contains(new TensorSpec("Score", OipDatatypes.Fp32, [-1, 3]), model.Signature.Outputs);
    }

    [Fact]
    public void A_model_of_transforms_only_gives_every_column_it_adds_with_variable_vectors_as_minus_one()
    {
        using var model = MlNetModel.Load(_trainer.Featurizer());

        Assert.Equal(
            [new TensorSpec("Contract", OipDatatypes.Bytes, [-1]), new TensorSpec("Comment", OipDatatypes.Bytes, [-1])],
            model.Signature.Inputs);
        Assert.Equal(
            [new TensorSpec("Bucket", OipDatatypes.U32, [-1]), new TensorSpec("Words", OipDatatypes.Bytes, [-1, -1])],
            model.Signature.Outputs);
    }

    [Fact]
    public void A_request_without_the_label_passes_the_signature_check_and_one_with_it_is_refused()
    {
        using var model = MlNetModel.Load(_trainer.Regression());
        var features = new InferenceTensor("Features", OipDatatypes.Fp32, [1, 3], new float[] { 1, 2, 3 });
        var label = new InferenceTensor("Label", OipDatatypes.Fp32, [1], new float[] { 4 });

        SignatureCheck.Validate(model.Signature, new InferenceRequest([features], []));
        var error = Assert.Throws<SlipwayException>(() => SignatureCheck.Validate(model.Signature, new InferenceRequest([features, label], [])));

        Assert.StartsWith("Input 'Label' is not an input of this model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrongly_shaped_vector_is_refused_by_the_signature_check_naming_the_input_and_its_expected_shape()
    {
        using var model = MlNetModel.Load(_trainer.Regression());
        var features = new InferenceTensor("Features", OipDatatypes.Fp32, [2, 4], new float[8]);

        var error = Assert.Throws<SlipwayException>(() => SignatureCheck.Validate(model.Signature, new InferenceRequest([features], [])));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal("Input 'Features' has shape [2, 4] but the model expects [-1, 3] (-1: any size).", error.Message);
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

    [Fact]
    public void A_missing_file_is_not_found()
    {
        var error = Assert.Throws<SlipwayException>(() => MlNetModel.Load(Path.Combine(_directory, "nope.zip")));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
    }
}
