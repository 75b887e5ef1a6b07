namespace Slipway.Core.Diagnostics;

/// <summary>
/// Measures how long store operations take, so the server can export them (Prometheus) without Core
/// depending on a metrics library.
/// </summary>
public interface IOperationTimer
{
    /// <summary>Starts timing <paramref name="operation"/>; disposing the result records the elapsed time.</summary>
    IDisposable Start(string operation);
}
