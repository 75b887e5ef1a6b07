namespace Slipway.Pipelines.Specs;

public enum MatrixStrategy
{
    Grid,
    Random,
}
