using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Cli.Output;

/// <summary>Writes enum values as the security API spells them: <c>viewer</c>, <c>registered_model</c>.</summary>
internal sealed class LowerSnakeCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public LowerSnakeCaseEnumConverter()
        : base(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    {
    }
}
