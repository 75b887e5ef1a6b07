namespace Slipway.Serving.Logging;

/// <summary>
/// Fresh ids for logged requests that came without one: random version-4 UUIDs as 32 hex digits, as
/// <c>Guid.NewGuid().ToString("N")</c> gives. The bits come from <see cref="Random.Shared"/> (seeded from the operating
/// system once per process) rather than <see cref="Guid.NewGuid"/>, which reads the kernel's random source with a
/// system call on every id: on a one-row prediction that read was a fifth of what logging it cost. The ids only need to
/// be unique, which 122 random bits make them; nothing secret rests on them.
/// </summary>
internal static class RequestIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        // RFC 9562 version 4 and variant bits, in the byte order Guid(ReadOnlySpan<byte>) reads.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("N");
    }
}
