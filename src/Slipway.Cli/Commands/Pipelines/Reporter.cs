namespace Slipway.Cli.Commands.Pipelines;

/// <summary>An <see cref="IProgress{T}"/> that handles each report at once, on the reporting flow (unlike <see cref="Progress{T}"/>, which posts it elsewhere).</summary>
internal sealed class Reporter<T>(Action<T> handle) : IProgress<T>
{
    public void Report(T value) => handle(value);
}
