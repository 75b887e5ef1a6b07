namespace Slipway.Cli.Commands.Data;

/// <summary>
/// Turns the first Ctrl+C during a transfer into cancellation, so that partial downloads are removed and the command
/// can say how to resume; a second Ctrl+C ends the process at once as usual.
/// </summary>
internal sealed class ConsoleInterrupt : IDisposable
{
    public const int ExitCode = 130;

    private readonly CancellationTokenSource _interrupted;

    public ConsoleInterrupt(CancellationToken cancellationToken)
    {
        _interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public CancellationToken Token => _interrupted.Token;

    public bool WasInterrupted { get; private set; }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _interrupted.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (WasInterrupted)
        {
            return;
        }

        WasInterrupted = true;
        e.Cancel = true;
        _interrupted.Cancel();
    }
}
