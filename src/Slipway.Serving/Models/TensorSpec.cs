namespace Slipway.Serving.Models;

/// <summary>
/// One named input or output of a model: its Open Inference Protocol datatype (<c>FP32</c>, <c>INT64</c>, <c>BYTES</c> ...) and shape,
/// with -1 for a dimension of any size (such as the batch). Two specs are equal when name, datatype and every
/// dimension are.
/// </summary>
public sealed record TensorSpec(string Name, string Datatype, IReadOnlyList<long> Shape)
{
    public bool Equals(TensorSpec? other) =>
        other is not null && Name == other.Name && Datatype == other.Datatype && Shape.SequenceEqual(other.Shape);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        hash.Add(Datatype, StringComparer.Ordinal);
        foreach (var dimension in Shape)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"{Name} {Datatype}[{string.Join(", ", Shape)}]";
}
