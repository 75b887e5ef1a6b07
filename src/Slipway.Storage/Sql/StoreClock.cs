namespace Slipway.Storage.Sql;

internal static class StoreClock
{
    /// <summary>Now, in milliseconds since the Unix epoch, as every timestamp column stores it.</summary>
    public static long NowMillis(this StoreOptions options) => options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
