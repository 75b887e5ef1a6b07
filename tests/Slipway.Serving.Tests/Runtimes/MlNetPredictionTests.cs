using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Runtimes;
using static Slipway.Serving.Tests.Runtimes.MlNetTrainer;

namespace Slipway.Serving.Tests.Runtimes;

public sealed class MlNetPredictionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-mlnet-").FullName;
    private readonly MlNetTrainer _trainer;

    public MlNetPredictionTests() => _trainer = new MlNetTrainer(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_regression_predicts_what_mlnets_engine_predicts_for_many_rows_at_once()
    {
        var path = _trainer.Regression();
        using var model = MlNetModel.Load(path);
        var engine = Engine<PointRow, ScorePrediction>(path);
        var rows = Enumerable.Range(500, 64).Select(Point).ToList();
        var request = new InferenceRequest([Features(rows)], []);
        SignatureCheck.Validate(model.Signature, request);

        var score = Assert.Single(model.Predict(request.Inputs, request.RequestedOutputs));

        Assert.Equal("Score", score.Name);
        Assert.Equal(OipDatatypes.Fp32, score.Datatype);
        Assert.Equal([64L], score.Shape);
        Assert.Equal(rows.Select(r => engine.Predict(r).Score), (float[])score.Data);
    }

    [Fact]
    public void A_binary_classifier_over_text_and_numbers_predicts_what_mlnets_engine_predicts()
    {
        var path = _trainer.Churn();
        using var model = MlNetModel.Load(path);
        var engine = Engine<CustomerRow, ChurnPrediction>(path);
        List<CustomerRow> rows =
        [
            .. Enumerable.Range(1000, 40).Select(Customer),
            new CustomerRow { Contract = "never-seen", Comment = "Terrible, SLOW support!", Tenure = 3, Charges = 80 },
            new CustomerRow { Contract = "yearly", Comment = string.Empty, Tenure = 39, Charges = 21 },
        ];
        var request = new InferenceRequest(Customers(rows), ["PredictedLabel", "Score", "Probability"]);
        SignatureCheck.Validate(model.Signature, request);

        var outputs = model.Predict(request.Inputs, request.RequestedOutputs);

        var expected = rows.Select(engine.Predict).ToList();
        Assert.Equal(["PredictedLabel", "Score", "Probability"], outputs.Select(o => o.Name));
        Assert.Equal(OipDatatypes.Bool, outputs[0].Datatype);
        Assert.Equal(expected.Select(e => e.PredictedLabel), (bool[])outputs[0].Data);
        Assert.Equal(expected.Select(e => e.Score), (float[])outputs[1].Data);
        Assert.Equal(expected.Select(e => e.Probability), (float[])outputs[2].Data);
        Assert.Contains(true, (bool[])outputs[0].Data);
        Assert.Contains(false, (bool[])outputs[0].Data);
    }

    [Fact]
    public void Only_the_outputs_asked_for_come_back_in_the_order_asked_and_all_when_none_are_named()
    {
        using var model = MlNetModel.Load(_trainer.Churn());
        var inputs = Customers([.. Enumerable.Range(0, 5).Select(Customer)]);

        var chosen = model.Predict(inputs, ["Probability", "ContractEncoded"]);
        var all = model.Predict(inputs, []);

        Assert.Equal(["Probability", "ContractEncoded"], chosen.Select(o => o.Name));
        Assert.Equal([5L, 3], chosen[1].Shape);
        Assert.Equal([1f, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0], (float[])chosen[1].Data);
        Assert.Equal(model.Signature.Outputs.Select(o => o.Name), all.Select(o => o.Name));
        Assert.All(all.Zip(model.Signature.Outputs), pair => Assert.Equal(pair.Second.Datatype, pair.First.Datatype));
    }

    [Fact]
    public void An_output_the_model_does_not_have_is_refused_naming_it()
    {
        using var model = MlNetModel.Load(_trainer.Regression());

        var error = Assert.Throws<SlipwayException>(() => model.Predict([Features([Point(1)])], ["Label"]));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal("Output 'Label' is not an output of this model; it has Score.", error.Message);
    }

    [Fact]
    public void A_multiclass_prediction_names_the_class_its_key_stands_for_and_scores_every_class()
    {
        var path = _trainer.Flowers(valuesBack: false);
        using var model = MlNetModel.Load(path);
        var engine = Engine<FlowerRow, FlowerKeyPrediction>(path);
        var rows = Enumerable.Range(700, 30).Select(Flower).ToList();

        var outputs = model.Predict(Flowers(rows), ["PredictedLabel", "Score"]);

        // The keys follow the order training met the species in: setosa first, as Flower(0) is.
        string[] species = ["setosa", "versicolor", "virginica"];
        var expected = rows.Select(engine.Predict).ToList();
        Assert.Equal(OipDatatypes.Bytes, outputs[0].Datatype);
        Assert.Equal(expected.Select(e => species[e.PredictedLabel - 1]), (string[])outputs[0].Data);
        Assert.Equal(rows.Select(r => r.Species), (string[])outputs[0].Data);
        Assert.Equal([30L, 3], outputs[1].Shape);
        Assert.Equal(expected.SelectMany(e => e.Score), (float[])outputs[1].Data);
    }

    [Fact]
    public void A_multiclass_pipeline_that_maps_its_prediction_back_to_values_gives_the_same_names()
    {
        var path = _trainer.Flowers(valuesBack: true);
        using var model = MlNetModel.Load(path);
        var engine = Engine<FlowerRow, FlowerNamePrediction>(path);
        var rows = Enumerable.Range(700, 30).Select(Flower).ToList();

        var predicted = Assert.Single(model.Predict(Flowers(rows), ["PredictedLabel"]));

        Assert.Equal(new TensorSpec("PredictedLabel", OipDatatypes.Bytes, [-1]), model.Signature.Outputs.Single(o => o.Name == "PredictedLabel"));
        Assert.Equal(rows.Select(r => engine.Predict(r).PredictedLabel), (string[])predicted.Data);
    }

    [Fact]
    public void A_key_column_without_values_is_reported_as_its_key_number()
    {
        var path = _trainer.Featurizer();
        using var model = MlNetModel.Load(path);
        var engine = Engine<CustomerRow, BucketPrediction>(path);
        var rows = Enumerable.Range(0, 6).Select(Customer).ToList();

        var bucket = Assert.Single(model.Predict(Customers(rows, withNumbers: false), ["Bucket"]));

        Assert.Equal(OipDatatypes.U32, bucket.Datatype);
        Assert.Equal(rows.Select(r => engine.Predict(r).Bucket), (uint[])bucket.Data);
        Assert.All((uint[])bucket.Data, key => Assert.InRange(key, 1u, 16u));
    }

    [Fact]
    public void A_variable_size_output_comes_back_when_its_rows_agree_in_size_and_is_refused_when_they_do_not()
    {
        using var model = MlNetModel.Load(_trainer.Featurizer());
        var even = Customers([new CustomerRow { Contract = "yearly", Comment = "great service" }, new CustomerRow { Contract = "monthly", Comment = "slow support" }], withNumbers: false);
        var uneven = Customers([new CustomerRow { Contract = "yearly", Comment = "fine" }, new CustomerRow { Contract = "monthly", Comment = "bad bad support" }], withNumbers: false);

        var words = Assert.Single(model.Predict(even, ["Words"]));
        var error = Assert.Throws<SlipwayException>(() => model.Predict(uneven, ["Words"]));

        Assert.Equal([2L, 2], words.Shape);
        Assert.Equal(["great", "service", "slow", "support"], (string[])words.Data);
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith("Output 'Words' is a vector whose size varies by row (1 values in row 0, 3 in row 1)", error.Message, StringComparison.Ordinal);

        // The failed request leaves nothing behind for the next.
        Assert.Equal(["great", "service", "slow", "support"], (string[])model.Predict(even, ["Words"])[0].Data);
    }

    [Fact]
    public void An_empty_batch_gives_empty_outputs()
    {
        using var model = MlNetModel.Load(_trainer.Churn());

        var outputs = model.Predict(Customers([]), ["Probability", "Features"]);

        Assert.Equal([0L], outputs[0].Shape);
        Assert.Empty((float[])outputs[0].Data);
        Assert.Equal([0L, model.Signature.Outputs.Single(o => o.Name == "Features").Shape[1]], outputs[1].Shape);
    }

    [Fact]
    public void Requests_one_after_another_each_get_the_answers_for_their_own_rows()
    {
        var path = _trainer.Churn();
        using var model = MlNetModel.Load(path);
        var engine = Engine<CustomerRow, ChurnPrediction>(path);

        // One row, then three, then the first again: a reused row must not hand back what it computed before.
        foreach (var rows in new[] { [Customer(1)], [Customer(2), Customer(3), Customer(4)], new[] { Customer(1) } })
        {
            var probability = Assert.Single(model.Predict(Customers([.. rows]), ["Probability"]));

            Assert.Equal(rows.Select(r => engine.Predict(r).Probability), (float[])probability.Data);
        }
    }

    [Fact]
    public void Transforming_a_whole_view_gives_the_same_answers_as_mapping_row_by_row()
    {
        var churn = _trainer.Churn();
        var flowers = _trainer.Flowers(valuesBack: false);
        using var churnRows = MlNetModel.Load(churn);
        using var churnView = MlNetModel.Load(churn, mapRows: false);
        using var flowerRows = MlNetModel.Load(flowers);
        using var flowerView = MlNetModel.Load(flowers, mapRows: false);
        var customers = Customers([.. Enumerable.Range(50, 20).Select(Customer)]);
        var flowerInputs = Flowers([.. Enumerable.Range(50, 20).Select(Flower)]);

        AssertSameTensors(churnRows.Predict(customers, []), churnView.Predict(customers, []));
        AssertSameTensors(flowerRows.Predict(flowerInputs, []), flowerView.Predict(flowerInputs, []));
    }

    [Fact]
    public void An_input_of_the_wrong_datatype_is_refused_naming_it_even_without_the_signature_check()
    {
        using var model = MlNetModel.Load(_trainer.Flowers(valuesBack: false));
        InferenceTensor[] inputs =
        [
            new("Length", OipDatatypes.Fp64, [1], new double[] { 1 }),
            new("Width", OipDatatypes.Fp32, [1], new float[] { 1 }),
        ];

        var error = Assert.Throws<SlipwayException>(() => model.Predict(inputs, []));

        Assert.Equal("Input 'Length' is FP64 but the model expects FP32.", error.Message);
    }

    [Fact]
    public void An_output_asked_for_twice_is_refused()
    {
        using var model = MlNetModel.Load(_trainer.Regression());

        var error = Assert.Throws<SlipwayException>(() => model.Predict([Features([Point(1)])], ["Score", "Score"]));

        Assert.Equal("Output 'Score' is asked for more than once.", error.Message);
    }

    [Fact]
    public async Task Concurrent_callers_each_get_the_predictions_for_their_own_rows()
    {
        var path = _trainer.Churn();
        using var model = MlNetModel.Load(path);
        var engine = Engine<CustomerRow, ChurnPrediction>(path);
        var batches = Enumerable.Range(0, 8)
            .Select(b => Enumerable.Range(b * 37, 5 + b).Select(Customer).ToList())
            .ToList();
        var expected = batches.Select(rows => rows.Select(r => engine.Predict(r).Probability).ToArray()).ToList();
        using var start = new Barrier(batches.Count);

        var results = await Task.WhenAll(batches.Select((rows, b) => Task.Run(() =>
        {
            start.SignalAndWait();
            var answers = new List<float[]>();
            for (var i = 0; i < 50; i++)
            {
                answers.Add((float[])model.Predict(Customers(rows), ["Probability"])[0].Data);
            }

            return answers;
        })));

        for (var b = 0; b < batches.Count; b++)
        {
            Assert.All(results[b], answer => Assert.Equal(expected[b], answer));
        }
    }

    private static void AssertSameTensors(IReadOnlyList<InferenceTensor> expected, IReadOnlyList<InferenceTensor> actual)
    {
        Assert.Equal(expected.Select(t => t.ToString()), actual.Select(t => t.ToString()));
        Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Data, pair.Second.Data));
    }

    private static InferenceTensor Features(List<PointRow> rows) =>
        new("Features", OipDatatypes.Fp32, [rows.Count, 3], rows.SelectMany(r => r.Features).ToArray());

    private static InferenceTensor[] Customers(List<CustomerRow> rows, bool withNumbers = true)
    {
        List<InferenceTensor> tensors =
        [
            new("Contract", OipDatatypes.Bytes, [rows.Count], rows.Select(r => r.Contract).ToArray()),
            new("Comment", OipDatatypes.Bytes, [rows.Count], rows.Select(r => r.Comment).ToArray()),
        ];
        if (withNumbers)
        {
            tensors.Add(new("Tenure", OipDatatypes.Fp32, [rows.Count], rows.Select(r => r.Tenure).ToArray()));
            tensors.Add(new("Charges", OipDatatypes.Fp32, [rows.Count], rows.Select(r => r.Charges).ToArray()));
        }

        return [.. tensors];
    }

    private static InferenceTensor[] Flowers(List<FlowerRow> rows) =>
    [
        new("Length", OipDatatypes.Fp32, [rows.Count], rows.Select(r => r.Length).ToArray()),
        new("Width", OipDatatypes.Fp32, [rows.Count], rows.Select(r => r.Width).ToArray()),
    ];
}
