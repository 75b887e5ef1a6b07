using Microsoft.ML.Data;

namespace Slipway.Examples.Churn;

/// <summary>What the ML.NET model predicts for a customer.</summary>
public sealed class ChurnPrediction
{
    [ColumnName("PredictedLabel")]
    public bool Churned { get; set; }
}
