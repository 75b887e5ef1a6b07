using System.Threading.Channels;

namespace Slipway.Core.Events;

/// <summary>
/// An in-process queue of <see cref="PlatformEvent"/>s: publishers (a dataset commit, a monitor) never wait for what
/// the events start, and one reader (the pipeline trigger service) takes them in order. Events live in memory only:
/// one published just before the server stops is lost, as a webhook call to a stopped server would be.
/// </summary>
public sealed class PlatformEvents
{
    private readonly Channel<PlatformEvent> _events = Channel.CreateUnbounded<PlatformEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Publish(PlatformEvent platformEvent)
    {
        ArgumentNullException.ThrowIfNull(platformEvent);
        _events.Writer.TryWrite(platformEvent);
    }

    public IAsyncEnumerable<PlatformEvent> ReadAllAsync(CancellationToken cancellationToken) => _events.Reader.ReadAllAsync(cancellationToken);
}
