using System.Diagnostics.CodeAnalysis;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.EndToEnd;

/// <summary>A real <c>slipway server</c> child process shared by the CLI tests of one class.</summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class CliServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;
    private HttpClient? _http;

    public TempDirectory Data { get; } = new("slipway-cli");

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public MlflowApi Api => new(_http ?? throw new InvalidOperationException("The server has not started."));

    public async Task InitializeAsync()
    {
        try
        {
            _server = await ServerProcess.StartAsync(Data.Path);
        }
        catch
        {
            Data.Dispose();
            throw;
        }

        _http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Data.Dispose();
    }
}
