using System.Text;

namespace Slipway.Client.Pipelines;

/// <summary>
/// A piece of a step's log: the bytes from the offset asked for, the offset to ask for next, and whether the step has
/// ended and its whole log was sent (nothing more will come). A chunk may end inside a UTF-8 character; decode
/// successive chunks with one <see cref="Decoder"/> (as <see cref="SlipwayClient.FollowLogsAsync(string, string?, Action{StepLogLine}, CancellationToken)"/> does).
/// </summary>
public sealed record LogChunk(byte[] Content, long NextOffset, bool IsComplete)
{
    /// <summary>The content as UTF-8 text (a character cut at either end reads as U+FFFD).</summary>
    public string Text => Encoding.UTF8.GetString(Content);
}
