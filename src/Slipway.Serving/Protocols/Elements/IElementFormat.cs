using System.Text.Json;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>
/// How one element type of a tensor is read from and written to the JSON protocols. The members are static so that
/// generic code specialised for a format (see <see cref="TypedElementKind{T, TFormat}"/>) parses each number straight
/// into its typed array, with no boxing and no call through an interface per element.
/// </summary>
internal interface IElementFormat<T>
{
    /// <summary>What a value must be, for error messages: "a number (FP32)", "an integer from 0 to 255 (UINT8)".</summary>
    static abstract string Expected { get; }

    /// <summary>Reads the reader's current token, which is not consumed further; false when it is not such a value.</summary>
    static abstract bool TryRead(ref Utf8JsonReader reader, out T value);

    /// <summary>Parses a CSV cell (invariant culture).</summary>
    static abstract bool TryParse(ReadOnlySpan<char> text, out T value);

    /// <summary>The value a missing cell becomes in a dataframe (NaN for floating point), or false when it has none.</summary>
    static abstract bool TryMissing(out T value);

    static abstract void Write(Utf8JsonWriter writer, T value);
}
