using System.Globalization;
using Google.Protobuf.Collections;

namespace Slipway.Serving.Protocols.Grpc;

/// <summary>
/// Converts the protocol's parameter maps to and from the plain values <see cref="Inference.InferenceRequest"/> and
/// <see cref="Inference.InferenceResponse"/> carry: bool, long, string, double and ulong, and null for a parameter with no
/// value set.
/// </summary>
internal static class InferParameters
{
    /// <summary>The map as plain values, or null when it is empty (as the inference records default to).</summary>
    public static IReadOnlyDictionary<string, object?>? Read(MapField<string, InferParameter> parameters)
    {
        if (parameters.Count == 0)
        {
            return null;
        }

        var values = new Dictionary<string, object?>(parameters.Count, StringComparer.Ordinal);
        foreach (var (key, parameter) in parameters)
        {
            values[key] = parameter.ParameterChoiceCase switch
            {
                InferParameter.ParameterChoiceOneofCase.BoolParam => parameter.BoolParam,
                InferParameter.ParameterChoiceOneofCase.Int64Param => parameter.Int64Param,
                InferParameter.ParameterChoiceOneofCase.StringParam => parameter.StringParam,
                InferParameter.ParameterChoiceOneofCase.DoubleParam => parameter.DoubleParam,
                InferParameter.ParameterChoiceOneofCase.Uint64Param => parameter.Uint64Param,
                _ => null,
            };
        }

        return values;
    }

    /// <summary>
    /// Adds the values to the map. Integers go as int64 (ulong as uint64), floating point as double; any other type
    /// goes as its invariant text rather than failing a prediction that is already computed over a parameter.
    /// </summary>
    public static void Write(IReadOnlyDictionary<string, object?>? values, MapField<string, InferParameter> parameters)
    {
        if (values is null)
        {
            return;
        }

        foreach (var (key, value) in values)
        {
            parameters[key] = value switch
            {
                null => new InferParameter(),
                bool flag => new InferParameter { BoolParam = flag },
                string text => new InferParameter { StringParam = text },
                long number => new InferParameter { Int64Param = number },
                int number => new InferParameter { Int64Param = number },
                short number => new InferParameter { Int64Param = number },
                sbyte number => new InferParameter { Int64Param = number },
                uint number => new InferParameter { Int64Param = number },
                ushort number => new InferParameter { Int64Param = number },
                byte number => new InferParameter { Int64Param = number },
                ulong number => new InferParameter { Uint64Param = number },
                double number => new InferParameter { DoubleParam = number },
                float number => new InferParameter { DoubleParam = number },
                _ => new InferParameter { StringParam = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty },
            };
        }
    }
}
