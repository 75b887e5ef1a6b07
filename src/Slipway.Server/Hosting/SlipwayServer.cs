namespace Slipway.Server.Hosting;

/// <summary>A running Slipway server: HTTP endpoints over the configured stores.</summary>
public sealed class SlipwayServer : IAsyncDisposable
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The addresses the server listens on, such as <c>http://127.0.0.1:5000</c> (the real port when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    /// <summary>Opens the stores (applying migrations), binds the port and starts serving.</summary>
    public static Task<SlipwayServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        throw new NotSupportedException("Being written on the main branch.");
    }

    /// <summary>Completes when the server shuts down (Ctrl+C, SIGTERM or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _stopped.Task.WaitAsync(cancellationToken);

    public Task StopAsync()
    {
        _stopped.TrySetResult();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
