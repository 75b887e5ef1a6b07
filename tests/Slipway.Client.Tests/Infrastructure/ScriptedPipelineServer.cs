using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Slipway.Client.Tests.Infrastructure;

/// <summary>
/// A pipeline run and its step logs as an in-process <see cref="HttpMessageHandler"/>: each GET of the run answers the
/// next scripted state (the last one repeats), each GET of a step's log the next scripted chunk of bytes (the last one
/// with <c>X-Slipway-Log-Complete: true</c> when the step is scripted to end). Bytes pass untouched, so a chunk can end
/// inside a UTF-8 character. Records each request as "METHOD path?query".
/// </summary>
public sealed class ScriptedPipelineServer : HttpMessageHandler
{
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly List<string> _runStates = [];
    private readonly Dictionary<string, (List<byte[]> Chunks, bool Ends)> _logs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _served = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _runGets;

    public IReadOnlyList<string> Requests => [.. _requests];

    public SlipwayClient CreateClient() => new(new Uri("http://pipelines.test/"), new HttpClient(this, disposeHandler: false));

    /// <summary>The states GETs of the run answer, in order (see <see cref="PipelineJson.Run(string, string[])"/>).</summary>
    public ScriptedPipelineServer RunStates(params string[] states)
    {
        _runStates.AddRange(states);
        return this;
    }

    /// <summary>The chunks GETs of a step's log answer, in order; an empty chunk stands for "nothing new yet".</summary>
    public ScriptedPipelineServer Log(string step, bool ends, params byte[][] chunks)
    {
        _logs[step] = ([.. chunks], ends);
        return this;
    }

    public ScriptedPipelineServer Log(string step, bool ends, params string[] chunks) =>
        Log(step, ends, chunks.Select(Encoding.UTF8.GetBytes).ToArray());

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        _requests.Enqueue($"{request.Method} {uri.AbsolutePath}{uri.Query}");
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        lock (_lock)
        {
            return Task.FromResult(segments switch
            {
                ["api", "v1", "pipeline-runs", _] when request.Method == HttpMethod.Get => NextRunState(),
                ["api", "v1", "pipeline-runs", _, "steps", var step, "logs"] => NextChunk(step, uri),
                _ => new HttpResponseMessage(HttpStatusCode.NotFound)
                {
                    Content = new StringContent($$"""{"error_code":"ENDPOINT_NOT_FOUND","message":"{{request.Method}} {{uri.AbsolutePath}}"}"""),
                },
            });
        }
    }

    private HttpResponseMessage NextRunState()
    {
        var state = _runStates[Math.Min(_runGets++, _runStates.Count - 1)];
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(state, Encoding.UTF8, "application/json") };
    }

    private HttpResponseMessage NextChunk(string step, Uri uri)
    {
        var offset = long.Parse(System.Web.HttpUtility.ParseQueryString(uri.Query)["offset"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var (chunks, ends) = _logs.TryGetValue(step, out var log) ? log : ([], true);
        var index = _served.GetValueOrDefault(step);
        _served[step] = index + 1;
        var chunk = index < chunks.Count ? chunks[index] : [];
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(chunk) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        response.Headers.Add(SlipwayClient.LogOffsetHeader, (offset + chunk.Length).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (ends && index >= chunks.Count - 1)
        {
            response.Headers.Add(SlipwayClient.LogCompleteHeader, "true");
        }

        return response;
    }
}
