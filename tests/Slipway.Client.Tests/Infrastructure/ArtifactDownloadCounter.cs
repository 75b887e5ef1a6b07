namespace Slipway.Client.Tests.Infrastructure;

/// <summary>
/// Counts the artifact files a client downloads through the server's artifact proxy (GETs below
/// <c>/api/2.0/mlflow-artifacts/artifacts/</c>; listings have no path after it), to tell a cache hit from a download.
/// </summary>
public sealed class ArtifactDownloadCounter() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _downloads;

    public int Downloads => Volatile.Read(ref _downloads);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get && request.RequestUri?.AbsolutePath.Contains("/mlflow-artifacts/artifacts/", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _downloads);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
