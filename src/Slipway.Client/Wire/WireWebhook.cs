namespace Slipway.Client.Wire;

/// <summary>A pipeline's webhook; <see cref="Token"/> only in the answer that created it.</summary>
internal sealed record WireWebhook
{
    public string? Id { get; init; }

    public string? Pipeline { get; init; }

    public string? Url { get; init; }

    public string? Token { get; init; }

    public string? Creator { get; init; }

    public long CreationTime { get; init; }
}
