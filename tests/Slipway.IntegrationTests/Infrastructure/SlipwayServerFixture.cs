using System.Diagnostics.CodeAnalysis;
using Slipway.Server.Hosting;
using Xunit;

namespace Slipway.IntegrationTests.Infrastructure;

/// <summary>
/// One in-process Slipway server per test class (through <c>IClassFixture</c>) on 127.0.0.1 and a free port,
/// with a fresh data directory that is deleted afterwards. Tests share the server, so they use unique names
/// and never depend on global counts. Subclasses choose PostgreSQL instead of the default SQLite file.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public class SlipwayServerFixture : IAsyncLifetime
{
    private SlipwayServer? _server;
    private HttpClient? _http;
    private PostgresTestDatabase? _database;

    /// <summary>Holds the data directory (<c>Root/data</c>) and room beside it for files a test must keep out of reach.</summary>
    public TempDirectory Root { get; } = new();

    public string DataDirectory => Root.Combine("data");

    public string ArtifactsDirectory => Path.Combine(DataDirectory, "artifacts");

    /// <summary>What <c>/api/v1/server-info</c> should report as the store.</summary>
    public string StoreKind => UsePostgres ? "postgresql" : "sqlite";

    public SlipwayServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The base URL without a trailing slash, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl => Server.Addresses[0].TrimEnd('/');

    public Uri BaseUri => new(BaseUrl);

    public HttpClient Http => _http ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>MLflow calls under <c>/api/2.0/mlflow/</c>.</summary>
    public MlflowApi Api => new(Http);

    /// <summary>The same calls under <c>/ajax-api/2.0/mlflow/</c>, as MLflow's web UI sends them.</summary>
    public MlflowApi Ajax => new(Http, MlflowApi.AjaxPrefix);

    /// <summary>True: a fresh database on <c>SLIPWAY_TEST_POSTGRES</c>; false: the default SQLite file in the data directory.</summary>
    protected virtual bool UsePostgres => false;

    /// <summary>Adjusts the server's options before it starts (a subclass turns on gRPC, say).</summary>
    protected virtual void Configure(ServerOptions options)
    {
    }

    public virtual async Task InitializeAsync()
    {
        try
        {
            if (UsePostgres)
            {
                _database = await PostgresTestDatabase.CreateAsync();
            }

            var options = new ServerOptions
            {
                Host = "127.0.0.1",
                Port = 0,
                DataDirectory = DataDirectory,
                StoreUri = _database?.Uri,
            };
            Configure(options);
            _server = await SlipwayServer.StartAsync(options);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        _http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public virtual async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Root.Dispose();
    }
}
