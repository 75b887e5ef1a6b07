using System.Text.Json;

namespace Slipway.Examples.Quickstart;

/// <summary>y = Weight * x + Bias, trained by full-batch gradient descent on the mean squared error.</summary>
public sealed record LinearModel(double Weight, double Bias)
{
    public static LinearModel Zero { get; } = new(0, 0);

    /// <summary>How the learned weights are written to <c>weights.json</c>.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public double Predict(double x) => (Weight * x) + Bias;

    public double MeanSquaredError(LinearData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sum = 0.0;
        for (var i = 0; i < data.Count; i++)
        {
            var error = Predict(data.X[i]) - data.Y[i];
            sum += error * error;
        }

        return sum / data.Count;
    }

    /// <summary>One gradient descent step over the whole data set.</summary>
    public LinearModel Step(LinearData data, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(data);
        double weightGradient = 0, biasGradient = 0;
        for (var i = 0; i < data.Count; i++)
        {
            var error = Predict(data.X[i]) - data.Y[i];
            weightGradient += 2 * error * data.X[i] / data.Count;
            biasGradient += 2 * error / data.Count;
        }

        return new LinearModel(Weight - (learningRate * weightGradient), Bias - (learningRate * biasGradient));
    }
}
