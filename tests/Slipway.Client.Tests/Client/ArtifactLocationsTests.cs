namespace Slipway.Client.Tests.Client;

public sealed class ArtifactLocationsTests
{
    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "model/MLmodel", "1/abc/artifacts/model/MLmodel")]
    [InlineData("mlflow-artifacts://localhost:5000/1/abc/artifacts", "model.onnx", "1/abc/artifacts/model.onnx")]
    [InlineData("http://127.0.0.1:5000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts", null, "1/abc/artifacts")]
    [InlineData("mlflow-artifacts:/1/abc/artifacts/", "/plots\\roc.png", "1/abc/artifacts/plots/roc.png")]
    public void Maps_a_run_artifact_uri_to_a_proxied_path(string artifactUri, string? relativePath, string expected) =>
        Assert.Equal(expected, ArtifactLocations.ToProxiedPath(artifactUri, relativePath));

    [Theory]
    [InlineData("/var/lib/slipway/artifacts/1/abc")]
    [InlineData("s3://bucket/1/abc/artifacts")]
    public void Refuses_locations_outside_the_artifact_proxy(string artifactUri) =>
        Assert.Throws<NotSupportedException>(() => ArtifactLocations.ToProxiedPath(artifactUri, "x"));
}
