namespace Slipway.Core.Diagnostics;

/// <summary>An <see cref="IOperationTimer"/> that records nothing (tools and tests).</summary>
public sealed class NullOperationTimer : IOperationTimer, IDisposable
{
    public static NullOperationTimer Instance { get; } = new();

    public IDisposable Start(string operation) => this;

    public void Dispose()
    {
    }
}
