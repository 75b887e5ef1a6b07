using System.Net;
using System.Net.Sockets;
using Slipway.Client;
using Slipway.Core.Errors;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Sdk;

public sealed class SqliteClientErrorsTests(SlipwayServerFixture server) : ClientErrorsTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresClientErrorsTests(PostgresServerFixture server) : ClientErrorsTests<PostgresServerFixture>(server);

/// <summary>What a caller of <c>SlipwayClient</c> sees when a request fails: the server's error code, or the URL it could not reach.</summary>
public abstract class ClientErrorsTests<TServer>(TServer server) : SdkTests<TServer>(server)
    where TServer : SlipwayServerFixture
{
    [Fact]
    public async Task GetRun_of_a_missing_run_throws_RESOURCE_DOES_NOT_EXIST_with_status_404()
    {
        var missing = Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<SlipwayApiException>(() => Client.GetRunAsync(missing));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.ErrorCodeName);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains(missing, error.ServerMessage, StringComparison.Ordinal);
        Assert.StartsWith("RESOURCE_DOES_NOT_EXIST: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchRuns_with_a_bad_filter_throws_INVALID_PARAMETER_VALUE_with_status_400()
    {
        var experimentId = await Client.CreateExperimentAsync(Names.Unique("sdk-errors"));

        var error = await Assert.ThrowsAsync<SlipwayApiException>(
            () => Client.SearchRunsAsync([experimentId], filter: "metrics.auc >>> 'high'"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task LogParam_changing_a_stored_value_throws_INVALID_PARAMETER_VALUE()
    {
        var run = await Client.CreateRunAsync(await Client.CreateExperimentAsync(Names.Unique("sdk-errors")));
        await Client.LogParamAsync(run.Info.RunId, "lr", "0.1");

        var error = await Assert.ThrowsAsync<SlipwayApiException>(() => Client.LogParamAsync(run.Info.RunId, "lr", "0.2"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public async Task A_port_with_nothing_listening_throws_SlipwayConnectionException_naming_the_url()
    {
        var url = $"http://127.0.0.1:{UnusedPort()}";
        using var client = new SlipwayClient(new Uri(url));

        var error = await Assert.ThrowsAsync<SlipwayConnectionException>(() => client.GetExperimentAsync(SlipwayClient.DefaultExperimentId));
        var fromStartRun = await Assert.ThrowsAsync<SlipwayConnectionException>(() => client.StartRunAsync(experimentName: "unreachable"));

        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Equal("connection refused", error.Reason);
        Assert.Equal(new Uri(url + "/"), error.ServerUri);
        Assert.Contains(url, fromStartRun.Message, StringComparison.Ordinal);
        Assert.False(await client.IsLiveAsync().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    /// <summary>A loopback port that was free a moment ago: bound by the OS, then released.</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
