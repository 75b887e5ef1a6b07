using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Slipway.Client;
using Slipway.Examples.Churn;
using Slipway.Serving.Packaging;

// The .NET side of the churn example pipeline (examples/churn/slipway.yaml). Inside a pipeline step,
// SlipwayClient.FromEnvironment() finds the server, the credentials and the step's own run from the variables the
// step is given, so this program needs no configuration.
//   push <dir> <dataset>                               push the shipped data as a dataset version
//   train <data dir> <model dir>                       train the ML.NET candidate (FastTree), log params and accuracy
//   evaluate <data dir> <mlnet dir> <python dir> <out> score both candidates on the holdout, keep the better one
var command = args.Length > 0 ? args[0] : "help";
using var client = SlipwayClient.FromEnvironment();
switch (command)
{
    case "push" when args.Length == 3:
        {
            var result = await client.PushAsync(args[1], args[2], new Slipway.Client.Datasets.DatasetPushOptions { Message = "churn example data" });
            Console.WriteLine(result.Created
                ? $"pushed {args[1]} as data:{args[2]}@{result.Version.Version}"
                : $"data:{args[2]}@{result.Version.Version} already holds these files; no new version");
            return 0;
        }

    case "train" when args.Length == 3:
        {
            var ml = new MLContext(seed: 1);
            var (train, holdout) = Load(ml, args[1]);
            await using var run = await client.StartRunAsync();
            const int Trees = 100;
            const int Leaves = 16;
            run.LogParam("model", "FastTree (ML.NET)");
            run.LogParam("trees", Trees);
            run.LogParam("leaves", Leaves);
            var pipeline = ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", nameof(Customer.Contract))
                .Append(ml.Transforms.Concatenate("Features", nameof(Customer.TenureMonths), nameof(Customer.MonthlyCharges), nameof(Customer.SupportCalls), "ContractEncoded"))
                .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: Leaves, numberOfTrees: Trees, minimumExampleCountPerLeaf: 20));
            var model = pipeline.Fit(ml.Data.LoadFromEnumerable(train));
            var accuracy = Accuracy(holdout, ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model).Predict);
            run.LogMetric("accuracy", accuracy);
            Directory.CreateDirectory(args[2]);
            ml.Model.Save(model, ml.Data.LoadFromEnumerable(train).Schema, Path.Combine(args[2], "model.zip"));
            // The descriptor that makes the directory servable: Slipway reads the signature from the model itself.
            await File.WriteAllTextAsync(
                Path.Combine(args[2], ModelDescriptor.FileName),
                ModelDescriptorWriter.Write(new ModelDescriptor(ModelFlavors.MlNet, "model.zip", null, [], null)));
            Console.WriteLine($"ML.NET FastTree: holdout accuracy {accuracy:F4} over {holdout.Count} customers");
            return 0;
        }

    case "evaluate" when args.Length == 5:
        {
            var ml = new MLContext(seed: 1);
            var (_, holdout) = Load(ml, args[1]);
            var mlnet = ml.Model.Load(Path.Combine(args[2], "model.zip"), out _);
            var mlnetAccuracy = Accuracy(holdout, ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(mlnet).Predict);
            var python = LogisticModel.Load(Path.Combine(args[3], "model.json"));
            var pythonAccuracy = Accuracy(holdout, c => new ChurnPrediction { Churned = python.Predict(c) });
            var (winner, source, accuracy) = mlnetAccuracy >= pythonAccuracy ? ("mlnet", args[2], mlnetAccuracy) : ("python", args[3], pythonAccuracy);
            await using var run = await client.StartRunAsync();
            run.LogMetric("accuracy_mlnet", mlnetAccuracy);
            run.LogMetric("accuracy_python", pythonAccuracy);
            run.LogMetric("accuracy", accuracy);
            run.LogParam("winner", winner);
            Directory.CreateDirectory(args[4]);
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(args[4], Path.GetFileName(file)), overwrite: true);
            }

            await File.WriteAllTextAsync(
                Path.Combine(args[4], "candidate.json"),
                JsonSerializer.Serialize(new Dictionary<string, object> { ["winner"] = winner, ["accuracy"] = accuracy, ["accuracy_mlnet"] = mlnetAccuracy, ["accuracy_python"] = pythonAccuracy }));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ML.NET {mlnetAccuracy:F4}, Python {pythonAccuracy:F4}: the {winner} candidate goes forward"));
            return 0;
        }

    default:
        Console.Error.WriteLine("usage: trainer push <dir> <dataset> | train <data dir> <model dir> | evaluate <data dir> <mlnet dir> <python dir> <out dir>");
        return 2;
}

static (List<Customer> Train, List<Customer> Holdout) Load(MLContext ml, string dataDirectory)
{
    var rows = ml.Data.CreateEnumerable<Customer>(
        ml.Data.LoadFromTextFile<Customer>(Path.Combine(dataDirectory, "churn.csv"), hasHeader: true, separatorChar: ','),
        reuseRowObject: false).ToList();
    // Every fifth customer is held out, the same split the Python candidate uses.
    static bool IsHoldout(Customer customer) => (long)customer.CustomerId % 5 == 0;
    return (rows.Where(r => !IsHoldout(r)).ToList(), rows.Where(IsHoldout).ToList());
}

static double Accuracy(List<Customer> holdout, Func<Customer, ChurnPrediction> predict) =>
    holdout.Count(c => predict(c).Churned == c.Churned) / (double)holdout.Count;
