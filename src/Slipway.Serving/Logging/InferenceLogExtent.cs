namespace Slipway.Serving.Logging;

/// <summary>
/// What the log holds for one deployment: records fall between <see cref="From"/> and <see cref="To"/>, which are
/// whole hours (the log is kept in hourly segments), in <see cref="Segments"/> files of <see cref="Bytes"/> in all.
/// </summary>
public sealed record InferenceLogExtent(string WorkspaceId, string Deployment, DateTimeOffset From, DateTimeOffset To, int Segments, long Bytes);
