using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Cli.Output;

/// <summary>Writes enum values as MLflow spells them: <c>RUNNING</c>, <c>PENDING_REGISTRATION</c>.</summary>
internal sealed class UpperSnakeCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public UpperSnakeCaseEnumConverter()
        : base(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false)
    {
    }
}
