using Slipway.Client.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace Slipway.Client.Tests.Cli;

/// <summary>At a terminal, password commands ask twice without echoing, on the prompt console rather than stdout.</summary>
public sealed class PasswordPromptTests : IAsyncLifetime
{
    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();
    private readonly TestConsole _terminal = new TestConsole().Interactive();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _terminal.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_password_is_asked_twice_and_never_echoed()
    {
        _server.Map("PUT", "/api/v1/users/ada/password", FakeResponse.Ok());
        _terminal.Input.PushTextWithEnter("a-long-password");
        _terminal.Input.PushTextWithEnter("a-long-password");

        var result = await RunAsync("users", "set-password", "ada");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a-long-password", _server.RequestsTo("/api/v1/users/ada/password").Single().Json.GetProperty("password").GetString());
        Assert.Contains("New password for ada:", _terminal.Output, StringComparison.Ordinal);
        Assert.Contains("Repeat it:", _terminal.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("a-long-password", _terminal.Output + result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("password for", result.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Different_answers_change_nothing()
    {
        _terminal.Input.PushTextWithEnter("a-long-password");
        _terminal.Input.PushTextWithEnter("a-long-passwort");

        var result = await RunAsync("users", "create", "ada");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: The two passwords differ; nothing was changed.", result.Stderr.Trim());
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_password_that_is_too_short_is_asked_for_again()
    {
        _server.Map("POST", "/api/v1/users", FakeResponse.Ok(SecurityJson.UserResponse("ada")));
        _terminal.Input.PushTextWithEnter("short");
        _terminal.Input.PushTextWithEnter("a-long-password");
        _terminal.Input.PushTextWithEnter("a-long-password");

        var result = await RunAsync("users", "create", "ada");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("A password has 8 to 1024 characters.", _terminal.Output, StringComparison.Ordinal);
        Assert.Equal("a-long-password", _server.RequestsTo("/api/v1/users").Single().Json.GetProperty("password").GetString());
    }

    private Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--tracking-uri", _server.BaseUri.AbsoluteUri], promptConsole: _terminal);
}
