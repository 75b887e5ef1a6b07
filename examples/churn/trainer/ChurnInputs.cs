using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Examples.Churn;

/// <summary>
/// Customers as the served model's inputs, whichever candidate won: the Python model takes one FP32 [batch, 5]
/// tensor of standardisable features; the ML.NET model takes one tensor per column (numbers, and the contract as text).
/// </summary>
public static class ChurnInputs
{
    public static IReadOnlyList<InferenceTensor> For(ModelSignature signature, IReadOnlyList<Customer> customers)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(customers);
        if (signature.Inputs is [{ Shape: [_, 5] } features])
        {
            var values = customers.SelectMany(c => new[]
            {
                c.TenureMonths, c.MonthlyCharges, c.SupportCalls, c.Contract == "monthly" ? 1f : 0f, c.Contract == "yearly" ? 1f : 0f,
            }).ToArray();
            return [new InferenceTensor(features.Name, OipDatatypes.Fp32, [customers.Count, 5], values)];
        }

        return [.. signature.Inputs.Select(input => Column(input, customers))];
    }

    /// <summary>The probability of churn per customer: the Python model's <c>probability</c>, or ML.NET's <c>Probability</c>.</summary>
    public static float[] ChurnProbabilities(IReadOnlyList<InferenceTensor> outputs, int count)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var probability = outputs.First(o => string.Equals(o.Name, "probability", StringComparison.OrdinalIgnoreCase));
        return [.. ((float[])probability.Data).Take(count)];
    }

    private static InferenceTensor Column(TensorSpec input, IReadOnlyList<Customer> customers) => input.Name switch
    {
        nameof(Customer.Contract) => new InferenceTensor(input.Name, OipDatatypes.Bytes, [customers.Count], customers.Select(c => c.Contract).ToArray()),
        nameof(Customer.TenureMonths) => Numbers(input.Name, customers.Select(c => c.TenureMonths)),
        nameof(Customer.MonthlyCharges) => Numbers(input.Name, customers.Select(c => c.MonthlyCharges)),
        nameof(Customer.SupportCalls) => Numbers(input.Name, customers.Select(c => c.SupportCalls)),
        nameof(Customer.CustomerId) => Numbers(input.Name, customers.Select(c => c.CustomerId)),
        _ => throw new InvalidOperationException($"The served model asks for '{input.Name}', which a customer does not have."),
    };

    private static InferenceTensor Numbers(string name, IEnumerable<float> values)
    {
        var data = values.ToArray();
        return new InferenceTensor(name, OipDatatypes.Fp32, [data.Length], data);
    }
}
