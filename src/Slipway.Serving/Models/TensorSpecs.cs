namespace Slipway.Serving.Models;

/// <summary>Finding a tensor in a signature's inputs or outputs by name, as every prediction does.</summary>
public static class TensorSpecs
{
    /// <summary>
    /// The position of the spec named <paramref name="name"/>, or -1. A plain scan: models have a handful of tensors,
    /// and this runs on every prediction, where a lambda or a dictionary would allocate.
    /// </summary>
    public static int IndexOf(IReadOnlyList<TensorSpec> specs, string name)
    {
        ArgumentNullException.ThrowIfNull(specs);
        for (var i = 0; i < specs.Count; i++)
        {
            if (specs[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
