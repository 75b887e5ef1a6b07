using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Slipway.Client;
using Slipway.Client.Deployments;
using Slipway.Core.Serving;
using Slipway.Examples.Churn;
using Slipway.Serving.Packaging;

// The .NET side of the churn example pipeline (examples/churn/slipway.yaml). Inside a pipeline step,
// SlipwayClient.FromEnvironment() finds the server, the credentials and the step's own run from the variables the
// step is given, so this program needs no configuration.
//   push <dir> <dataset>                               push the shipped data as a dataset version
//   train <data dir> <model dir>                       train the ML.NET candidate (FastTree), log params and accuracy
//   evaluate <data dir> <mlnet dir> <python dir> <out> score both candidates on the holdout, keep the better one
//   serve <deployment> <model uri> <data dir>          deploy the champion and print a few V2 REST predictions
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

    case "serve" when args.Length == 4:
        {
            // Put the champion behind a deployment (created once; it follows the alias from then on), then ask it
            // about a few held-out customers over the Open Inference Protocol's REST API.
            var (deployment, model) = (args[1], args[2]);
            DeploymentInfo served;
            try
            {
                var current = await client.GetDeploymentAsync(deployment);
                served = current.Spec.Targets is [{ } only] && only.Model == model
                    ? current
                    : await client.UpdateDeploymentAsync(deployment, new DeploymentSpec([new DeploymentTarget(model, 100)]), current.Revision);
            }
            catch (SlipwayApiException e) when (e.Code == Slipway.Core.Errors.ErrorCode.ResourceDoesNotExist)
            {
                served = await client.CreateDeploymentAsync(deployment, new DeploymentSpec([new DeploymentTarget(model, 100)]), "The churn champion");
            }

            for (var wait = 0; served.Status.State == DeploymentState.Loading && wait < 60; wait++)
            {
                await Task.Delay(500);
                served = await client.GetDeploymentAsync(deployment);
            }

            if (served.Status.State != DeploymentState.Ready)
            {
                Console.Error.WriteLine($"deployment {deployment} is {served.Status.State}: {served.Status.Error}");
                return 1;
            }

            var version = served.Status.Serving[0];
            Console.WriteLine($"deployment {deployment} serves {version.Model} version {version.Version} ({model})");
            var ml = new MLContext(seed: 1);
            var (_, holdout) = Load(ml, args[3]);
            var customers = holdout.Take(5).ToList();
            var signature = (await client.GetServedModelAsync(deployment)).Signature;
            var result = await client.PredictAsync(deployment, ChurnInputs.For(signature, customers));
            var churn = ChurnInputs.ChurnProbabilities(result.Outputs, customers.Count);
            Console.WriteLine($"POST /v2/models/{deployment}/infer -> model_version {result.ModelVersion}");
            Console.WriteLine("customer  tenure  charges  calls  contract  churned  predicted churn probability");
            for (var i = 0; i < customers.Count; i++)
            {
                var c = customers[i];
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{c.CustomerId,8}  {c.TenureMonths,6}  {c.MonthlyCharges,7:F2}  {c.SupportCalls,5}  {c.Contract,-8}  {(c.Churned ? "yes" : "no"),7}  {churn[i],27:F3}"));
            }

            return 0;
        }

    default:
        Console.Error.WriteLine("usage: trainer push <dir> <dataset> | train <data dir> <model dir> | evaluate <data dir> <mlnet dir> <python dir> <out dir> | serve <deployment> <model uri> <data dir>");
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
