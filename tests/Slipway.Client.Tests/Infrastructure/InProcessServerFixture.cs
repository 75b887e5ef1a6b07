using System.Diagnostics.CodeAnalysis;
using Slipway.Server.Hosting;

namespace Slipway.Client.Tests.Infrastructure;

/// <summary>
/// The real Slipway server, in-process on 127.0.0.1 and a free port, with a fresh data directory deleted afterwards:
/// one per test class through <c>IClassFixture</c>. Tests share it, so they use unique names.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class InProcessServerFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("slipway-client-server-").FullName;
    private SlipwayServer? _server;

    /// <summary>The server root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri => new((_server ?? throw new InvalidOperationException("The server has not started.")).Addresses[0]);

    public async Task InitializeAsync()
    {
        try
        {
            _server = await SlipwayServer.StartAsync(new ServerOptions { Host = "127.0.0.1", Port = 0, DataDirectory = _dataDirectory });
        }
        catch
        {
            Directory.Delete(_dataDirectory, recursive: true);
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }
}
