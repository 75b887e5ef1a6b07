using Microsoft.ML;
using Microsoft.ML.Data;

namespace Slipway.Serving.Tests.Runtimes;

/// <summary>
/// Trains small real ML.NET models into a directory, and gives ML.NET's own PredictionEngine over the saved file, so
/// tests compare the serving runtime against what ML.NET itself predicts for the same rows.
/// </summary>
internal sealed class MlNetTrainer(string directory)
{
    private static readonly string[] Contracts = ["monthly", "yearly", "two-year"];
    private static readonly string[] Species = ["setosa", "versicolor", "virginica"];
    private static readonly string[] Comments = ["great service", "slow and bad", "fine", "bad bad support", "friendly and fast"];

    /// <summary>Sdca regression on a 3-wide Features vector and a float Label.</summary>
    public string Regression()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(Point));
        return Save(ml, ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 20).Fit(data), data, "regression.zip");
    }

    /// <summary>
    /// The churn example's shape: a one-hot contract, a featurized free-text comment and two numbers concatenated
    /// into Features, a FastTree binary classifier on the bool Churned label.
    /// </summary>
    public string Churn()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(Customer));
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", nameof(CustomerRow.Contract))
            .Append(ml.Transforms.Text.FeaturizeText("CommentFeatures", nameof(CustomerRow.Comment)))
            .Append(ml.Transforms.Concatenate("Features", nameof(CustomerRow.Tenure), nameof(CustomerRow.Charges), "ContractEncoded", "CommentFeatures"))
            .Append(ml.BinaryClassification.Trainers.FastTree(
                labelColumnName: nameof(CustomerRow.Churned), numberOfLeaves: 4, numberOfTrees: 10, minimumExampleCountPerLeaf: 5));
        return Save(ml, pipeline.Fit(data), data, "churn.zip");
    }

    /// <summary>
    /// Multiclass on two numbers, with the text Species label mapped to keys as ML.NET's samples do; with
    /// <paramref name="valuesBack"/> the predicted key is mapped back to its species name.
    /// </summary>
    public string Flowers(bool valuesBack)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(Flower));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(FlowerRow.Species))
            .Append(ml.Transforms.Concatenate("Features", nameof(FlowerRow.Length), nameof(FlowerRow.Width)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20));
        var model = valuesBack
            ? pipeline.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data)
            : (ITransformer)pipeline.Fit(data);
        return Save(ml, model, data, valuesBack ? "flowers-named.zip" : "flowers.zip");
    }

    /// <summary>Only transforms: the contract hashed into 16 buckets (a key with no values) and the comment split into words.</summary>
    public string Featurizer()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(Customer));
        var pipeline = ml.Transforms.Conversion.Hash("Bucket", nameof(CustomerRow.Contract), numberOfBits: 4)
            .Append(ml.Transforms.Text.TokenizeIntoWords("Words", nameof(CustomerRow.Comment)));
        return Save(ml, pipeline.Fit(data), data, "featurizer.zip");
    }

    /// <summary>ML.NET's own single-row engine over the saved model, loaded afresh as a server would.</summary>
    public static PredictionEngine<TIn, TOut> Engine<TIn, TOut>(string path)
        where TIn : class
        where TOut : class, new()
    {
        var ml = new MLContext();
        return ml.Model.CreatePredictionEngine<TIn, TOut>(ml.Model.Load(path, out _));
    }

    public static PointRow Point(int i) => new() { Features = [i % 7, i % 5, (i % 3) * 0.5f], Label = (i % 7) + (2 * (i % 5)) - (i % 3) };

    public static CustomerRow Customer(int i)
    {
        var contract = Contracts[i % 3];
        var comment = Comments[i % 5];
        var tenure = i % 40;
        return new CustomerRow
        {
            Contract = contract,
            Comment = comment,
            Tenure = tenure,
            Charges = 20 + (i % 13),
            Churned = (contract == "monthly" && tenure < 25) || comment.Contains("bad", StringComparison.Ordinal),
        };
    }

    public static FlowerRow Flower(int i)
    {
        var species = i % 3;
        return new FlowerRow { Length = 1 + (2 * species) + (i % 7 * 0.1f), Width = 3 - species + (i % 5 * 0.1f), Species = Species[species] };
    }

    private string Save(MLContext ml, ITransformer model, IDataView data, string name)
    {
        var path = Path.Combine(directory, name);
        ml.Model.Save(model, data.Schema, path);
        return path;
    }

    public sealed class PointRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    public sealed class ScorePrediction
    {
        public float Score { get; set; }
    }

    public sealed class CustomerRow
    {
        public string Contract { get; set; } = string.Empty;

        public string Comment { get; set; } = string.Empty;

        public float Tenure { get; set; }

        public float Charges { get; set; }

        public bool Churned { get; set; }
    }

    public sealed class ChurnPrediction
    {
        public bool PredictedLabel { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }
    }

    public sealed class FlowerRow
    {
        public float Length { get; set; }

        public float Width { get; set; }

        public string Species { get; set; } = string.Empty;
    }

    public sealed class FlowerKeyPrediction
    {
        public uint PredictedLabel { get; set; }

        public float[] Score { get; set; } = [];
    }

    public sealed class FlowerNamePrediction
    {
        public string PredictedLabel { get; set; } = string.Empty;
    }

    public sealed class BucketPrediction
    {
        public uint Bucket { get; set; }
    }
}
