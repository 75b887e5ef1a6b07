namespace Slipway.Client.Tests.Client;

public sealed class TrackingEnvironmentTests
{
    [Fact]
    public void Prefers_SLIPWAY_TRACKING_URI_over_MLFLOW_TRACKING_URI()
    {
        var environment = new Dictionary<string, string>
        {
            ["SLIPWAY_TRACKING_URI"] = "http://slipway:5000",
            ["MLFLOW_TRACKING_URI"] = "http://mlflow:5000",
        };

        Assert.Equal("http://slipway:5000", TrackingEnvironment.ResolveTrackingUri(environment.GetValueOrDefault));
    }

    [Fact]
    public void Falls_back_to_MLFLOW_TRACKING_URI_then_the_local_default()
    {
        Assert.Equal("http://mlflow:5000", TrackingEnvironment.ResolveTrackingUri(new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "http://mlflow:5000" }.GetValueOrDefault));
        Assert.Equal("http://127.0.0.1:5000", TrackingEnvironment.ResolveTrackingUri(_ => null));
    }

    [Fact]
    public void A_token_means_bearer_authentication_even_when_a_user_is_set()
    {
        var environment = new Dictionary<string, string>
        {
            ["MLFLOW_TRACKING_TOKEN"] = "t0ken",
            ["MLFLOW_TRACKING_USERNAME"] = "alice",
        };

        var header = TrackingEnvironment.ResolveCredentials(environment.GetValueOrDefault)!.AuthorizationHeader;

        Assert.Equal(("Bearer", "t0ken"), (header.Scheme, header.Parameter));
    }

    [Fact]
    public void A_user_name_and_password_mean_basic_authentication()
    {
        var environment = new Dictionary<string, string>
        {
            ["MLFLOW_TRACKING_USERNAME"] = "alice",
            ["MLFLOW_TRACKING_PASSWORD"] = "s3cret",
        };

        var header = TrackingEnvironment.ResolveCredentials(environment.GetValueOrDefault)!.AuthorizationHeader;

        Assert.Equal("Basic", header.Scheme);
        Assert.Equal("alice:s3cret", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)));
    }

    [Fact]
    public void No_credentials_without_variables() => Assert.Null(TrackingEnvironment.ResolveCredentials(_ => null));

    [Theory]
    [InlineData("localhost:5000")]
    [InlineData("ftp://host")]
    [InlineData("not a uri")]
    public void Rejects_tracking_uris_that_are_not_http(string text)
    {
        Assert.False(TrackingEnvironment.TryParseTrackingUri(text, out _, out var error));
        Assert.Contains("http://", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workspace_comes_from_SLIPWAY_WORKSPACE_and_is_null_when_unset()
    {
        Assert.Equal("team-a", TrackingEnvironment.ResolveWorkspace(new Dictionary<string, string> { ["SLIPWAY_WORKSPACE"] = " team-a " }.GetValueOrDefault));
        Assert.Null(TrackingEnvironment.ResolveWorkspace(_ => null));
        Assert.Null(TrackingEnvironment.ResolveWorkspace(_ => "  "));
    }
}
