using Slipway.Client;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Sdk;

/// <summary>
/// Base of the SDK end-to-end tests: a <see cref="SlipwayClient"/> talking to the class's real server over loopback
/// HTTP. The client borrows the fixture's HttpClient, so a test has nothing of its own to dispose.
/// </summary>
public abstract class SdkTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    protected TServer Server { get; } = server;

    protected SlipwayClient Client { get; } = new(server.BaseUri, server.Http);
}
