namespace Slipway.Examples.Quickstart;

/// <summary>Points on y = weight * x + bias with Gaussian noise, x uniform in [-2, 2]; the same seed gives the same points.</summary>
public sealed class LinearData
{
    private LinearData(double[] x, double[] y)
    {
        X = x;
        Y = y;
    }

    public IReadOnlyList<double> X { get; }

    public IReadOnlyList<double> Y { get; }

    public int Count => X.Count;

    public static LinearData Generate(int count, double weight, double bias, double noise, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var x = new double[count];
        var y = new double[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = (random.NextDouble() * 4) - 2;
            y[i] = (weight * x[i]) + bias + (noise * Gaussian(random));
        }

        return new LinearData(x, y);
    }

    /// <summary>Box-Muller: a standard normal sample from two uniform ones.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
