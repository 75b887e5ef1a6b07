using Microsoft.ML.Data;

namespace Slipway.Examples.Churn;

/// <summary>One row of churn.csv.</summary>
public sealed class Customer
{
    [LoadColumn(0)]
    public float CustomerId { get; set; }

    [LoadColumn(1)]
    public float TenureMonths { get; set; }

    [LoadColumn(2)]
    public float MonthlyCharges { get; set; }

    [LoadColumn(3)]
    public float SupportCalls { get; set; }

    [LoadColumn(4)]
    public string Contract { get; set; } = string.Empty;

    [LoadColumn(5)]
    [ColumnName("Label")]
    public bool Churned { get; set; }
}
