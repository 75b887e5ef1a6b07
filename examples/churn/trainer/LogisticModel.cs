using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Examples.Churn;

/// <summary>The Python candidate's model.json: standardised features, weights and a bias.</summary>
public sealed class LogisticModel
{
    [JsonPropertyName("features")]
    public required string[] Features { get; init; }

    [JsonPropertyName("means")]
    public required double[] Means { get; init; }

    [JsonPropertyName("stds")]
    public required double[] Stds { get; init; }

    [JsonPropertyName("weights")]
    public required double[] Weights { get; init; }

    [JsonPropertyName("bias")]
    public double Bias { get; init; }

    public static LogisticModel Load(string path) =>
        JsonSerializer.Deserialize<LogisticModel>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} holds no model.");

    public bool Predict(Customer customer)
    {
        double[] x =
        [
            customer.TenureMonths, customer.MonthlyCharges, customer.SupportCalls,
            customer.Contract == "monthly" ? 1 : 0, customer.Contract == "yearly" ? 1 : 0,
        ];
        var score = Bias;
        for (var i = 0; i < x.Length; i++)
        {
            score += Weights[i] * (x[i] - Means[i]) / Stds[i];
        }

        return score > 0;
    }
}
