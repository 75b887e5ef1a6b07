namespace Slipway.Pipelines.Specs;

public enum MatrixDistribution
{
    /// <summary>One of the listed values.</summary>
    Choice,

    /// <summary>A real number, uniform between low and high.</summary>
    Uniform,

    /// <summary>A real number whose logarithm is uniform between those of low and high (learning rates).</summary>
    LogUniform,

    /// <summary>A whole number between low and high, both included.</summary>
    WholeNumber,
}
