using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Slipway.IntegrationTests.Security;

/// <summary>
/// Single sign-on against a real identity provider stand-in: a loopback HTTP server that publishes an OpenID
/// Connect discovery document and its signing keys, and JWTs signed with its RSA key.
/// </summary>
public sealed class SingleSignOnTests : IAsyncLifetime
{
    private const string Audience = "slipway";
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication? _provider;
    private SecuredServer? _server;

    private string Issuer { get; set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _provider = builder.Build();
        var key = new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "test-key" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        _provider.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/keys",
        }));
        _provider.MapGet("/keys", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["kid"] = jwk.Kid, ["use"] = "sig", ["n"] = jwk.N, ["e"] = jwk.E } },
        }));
        await _provider.StartAsync();
        Issuer = _provider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _server = await SecuredServer.StartAsync(options =>
        {
            options.Oidc.Issuer = Issuer;
            options.Oidc.Audience = Audience;
            options.Oidc.AllowHttpMetadata = true;
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        _rsa.Dispose();
    }

    [Fact]
    public async Task A_valid_token_signs_in_its_user_who_is_created_on_first_sight_without_rights()
    {
        var sso = _server!.TokenClient(Token("grace"));

        var me = await SecuredServer.OkAsync(sso, HttpMethod.Get, "/api/v1/me");
        Assert.Equal("grace", me["user"]!["username"]!.GetValue<string>());
        Assert.Equal("oidc", me["method"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await SecuredServer.SendAsync(sso, HttpMethod.Post, "/api/2.0/mlflow/experiments/search", new JsonObject())).Status);

        // Once an admin places the user in a workspace, the same token works there.
        await SecuredServer.OkAsync(_server.Admin, HttpMethod.Put, "/api/v1/workspaces/default/members/grace", new JsonObject { ["role"] = "editor" });
        await SecuredServer.OkAsync(sso, HttpMethod.Post, "/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = "from-sso" });
    }

    [Theory]
    [InlineData("audience", "it is meant for another audience.")]
    [InlineData("issuer", "it comes from another issuer.")]
    [InlineData("expired", "it has expired.")]
    [InlineData("key", "its signature does not match the issuer's keys.")]
    [InlineData("claim", "The single sign-on token has no 'preferred_username' claim to name the user.")]
    public async Task A_token_that_fails_validation_is_refused_with_the_reason(string flaw, string reason)
    {
        using var otherKey = RSA.Create(2048);
        var token = flaw switch
        {
            "audience" => Token("heidi", audience: "someone-else"),
            "issuer" => Token("heidi", issuer: "https://evil.example"),
            "expired" => Token("heidi", expires: DateTime.UtcNow.AddHours(-1)),
            "key" => Token("heidi", key: otherKey),
            "claim" => Token(null),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };

        var (status, body) = await SecuredServer.SendAsync(_server!.TokenClient(token), HttpMethod.Get, "/api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.EndsWith(reason, body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private string Token(string? user, string? audience = null, string? issuer = null, DateTime? expires = null, RSA? key = null)
    {
        var claims = new Dictionary<string, object>();
        if (user is not null)
        {
            claims["preferred_username"] = user;
        }

        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            Claims = claims,
            NotBefore = expiry.AddHours(-2),
            IssuedAt = expiry.AddHours(-2),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _rsa) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }
}
