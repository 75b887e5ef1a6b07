using System.Text;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Artifacts;

/// <summary>
/// Every way of naming a file outside the artifact root must be answered with 400 and must not read, write or
/// delete anything there. Requests go over a raw socket so the exact bytes of the target reach the server.
/// Sentinel files sit one level (the data directory) and two levels (its parent) above the artifact root.
/// </summary>
public sealed class ArtifactTraversalTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private const string Prefix = ArtifactsTests.Prefix;
    private const string SentinelContent = "sentinel: must never be read, replaced or deleted";

    /// <summary>Raw paths after <c>/artifacts/</c>; <c>{S}</c> is the sentinel's file name.</summary>
    public static TheoryData<string, string> TraversalTargets()
    {
        string[] paths =
        [
            "../{S}",
            "../../{S}",
            "a/../../{S}",
            "a/b/../../../{S}",
            "%2e%2e/{S}",
            "%2E%2E%2F{S}",
            "..%2f{S}",
            ".%2e/{S}",
            "%2e./{S}",
            "%2e%2e%2f%2e%2e%2f{S}",
            "%252e%252e/{S}",
            "%252e%252e%252f{S}",
            "a%5c..%5c..%5c{S}",
            "..\\{S}",
            "a\\..\\..\\{S}",
            "..%00/{S}",
        ];
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "GET", "PUT", "DELETE" })
        {
            foreach (var path in paths)
            {
                data.Add(method, path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TraversalTargets))]
    public async Task Traversal_in_the_artifact_path_returns_400_and_leaves_outside_files_alone(string method, string path)
    {
        var sentinels = PlantSentinels(out var name);
        var target = Prefix + "/" + path.Replace("{S}", name, StringComparison.Ordinal);

        var response = await RawHttp.SendAsync(server.BaseUri, method, target, method == "PUT" ? Encoding.UTF8.GetBytes("pwned") : null);

        Assert.True(response.StatusCode == 400, $"{method} {target} answered {response}");
        Assert.DoesNotContain(SentinelContent, response.Body, StringComparison.Ordinal);
        AssertUntouched(sentinels);
    }

    /// <summary>
    /// Whole raw targets that try to slip past the guard on the raw URL: a prefix reached through <c>..</c>, other
    /// casing, the other API prefix. Kestrel resolves dot segments before routing, so each either reaches the
    /// artifact handler (which must answer 400) or becomes another route (404); nothing may succeed or leak.
    /// </summary>
    public static TheoryData<string, string> GuardBypassTargets()
    {
        string[] targets =
        [
            "/api/2.0/mlflow/../mlflow-artifacts/artifacts/..%2F{S}",
            "/api/2.0/mlflow/../mlflow-artifacts/artifacts/..%2F..%2F{S}",
            "/x/../api/2.0/mlflow-artifacts/artifacts/a/..%2F..%2F{S}",
            "/api/2.0/mlflow/./../mlflow-artifacts/artifacts/a%5c..%5c{S}",
            "/API/2.0/MLFLOW-ARTIFACTS/artifacts/..%2f{S}",
            "/ajax-api/2.0/mlflow-artifacts/artifacts/../{S}",
            "/ajax-api/2.0/mlflow-artifacts/artifacts/%2e%2e%2f{S}",
            "/api/2.0/mlflow/../mlflow-artifacts/artifacts/%2e%2e/{S}",
            "/api/2.0//mlflow-artifacts/artifacts/..%2f{S}",
        ];
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "GET", "PUT", "DELETE" })
        {
            foreach (var target in targets)
            {
                data.Add(method, target);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GuardBypassTargets))]
    public async Task Traversal_through_a_normalised_prefix_never_reaches_outside_files(string method, string rawTarget)
    {
        var sentinels = PlantSentinels(out var name);
        var target = rawTarget.Replace("{S}", name, StringComparison.Ordinal);

        var response = await RawHttp.SendAsync(server.BaseUri, method, target, method == "PUT" ? Encoding.UTF8.GetBytes("pwned") : null);

        Assert.True(response.StatusCode is 400 or 404, $"{method} {target} answered {response}");
        Assert.Contains("\"error_code\"", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(SentinelContent, response.Body, StringComparison.Ordinal);
        AssertUntouched(sentinels);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("/etc/passwd")]
    [InlineData("%2Fetc")]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("..%2F..")]
    [InlineData("a/../..")]
    [InlineData("a%2F..%2F..")]
    [InlineData("..%5C..")]
    [InlineData("%252e%252e")]
    public async Task Listing_with_a_traversing_path_parameter_returns_400(string rawPath)
    {
        var target = $"{Prefix}?path={rawPath}";

        var response = await RawHttp.GetAsync(server.BaseUri, target);

        Assert.True(response.StatusCode == 400, $"GET {target} answered {response}");
        Assert.DoesNotContain("slipway.db", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../..")]
    [InlineData("..%2F..%2F..")]
    [InlineData("model/../../..")]
    public async Task Run_artifact_listing_with_a_traversing_path_returns_400(string rawPath)
    {
        var api = server.Api;
        var runId = await api.CreateRunIdAsync(await api.CreateExperimentAsync());
        var target = $"{MlflowApi.ApiPrefix}artifacts/list?run_id={runId}&path={rawPath}";

        var response = await RawHttp.GetAsync(server.BaseUri, target);

        Assert.True(response.StatusCode == 400, $"GET {target} answered {response}");
    }

    [Fact]
    public async Task A_symlinked_directory_leading_outside_the_root_is_refused_for_every_operation()
    {
        var outside = Directory.CreateDirectory(server.Root.Combine(Names.Unique("outside"))).FullName;
        var secret = Path.Combine(outside, "secret.txt");
        await File.WriteAllTextAsync(secret, SentinelContent);
        var link = Names.Unique("link");
        Directory.CreateSymbolicLink(Path.Combine(server.ArtifactsDirectory, link), outside);

        var get = await RawHttp.GetAsync(server.BaseUri, $"{Prefix}/{link}/secret.txt");
        var list = await RawHttp.GetAsync(server.BaseUri, $"{Prefix}?path={link}");
        var putNew = await RawHttp.SendAsync(server.BaseUri, "PUT", $"{Prefix}/{link}/new.txt", Encoding.UTF8.GetBytes("pwned"));
        var putOver = await RawHttp.SendAsync(server.BaseUri, "PUT", $"{Prefix}/{link}/secret.txt", Encoding.UTF8.GetBytes("pwned"));
        var deleteFile = await RawHttp.SendAsync(server.BaseUri, "DELETE", $"{Prefix}/{link}/secret.txt");
        var deleteDir = await RawHttp.SendAsync(server.BaseUri, "DELETE", $"{Prefix}/{link}");

        Assert.All(
            new[] { ("GET file", get), ("list", list), ("PUT new", putNew), ("PUT over", putOver), ("DELETE file", deleteFile), ("DELETE link", deleteDir) },
            r => Assert.True(r.Item2.StatusCode == 400, $"{r.Item1} through the symlink answered {r.Item2}"));
        Assert.DoesNotContain(SentinelContent, get.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.txt", list.Body, StringComparison.Ordinal);
        Assert.Equal(SentinelContent, await File.ReadAllTextAsync(secret));
        Assert.False(File.Exists(Path.Combine(outside, "new.txt")), "An upload through the symlink created a file outside the root.");
    }

    [Fact]
    public async Task A_symlinked_file_leading_outside_the_root_is_refused()
    {
        var outside = Directory.CreateDirectory(server.Root.Combine(Names.Unique("outside"))).FullName;
        var secret = Path.Combine(outside, "secret.txt");
        await File.WriteAllTextAsync(secret, SentinelContent);
        var link = Names.Unique("file-link");
        File.CreateSymbolicLink(Path.Combine(server.ArtifactsDirectory, link), secret);

        var get = await RawHttp.GetAsync(server.BaseUri, $"{Prefix}/{link}");
        var put = await RawHttp.SendAsync(server.BaseUri, "PUT", $"{Prefix}/{link}", Encoding.UTF8.GetBytes("pwned"));

        Assert.True(get.StatusCode == 400, $"GET through the file symlink answered {get}");
        Assert.True(put.StatusCode == 400, $"PUT through the file symlink answered {put}");
        Assert.DoesNotContain(SentinelContent, get.Body, StringComparison.Ordinal);
        Assert.Equal(SentinelContent, await File.ReadAllTextAsync(secret));
    }

    private string[] PlantSentinels(out string name)
    {
        name = Names.Unique("sentinel") + ".txt";
        string[] paths = [Path.Combine(server.DataDirectory, name), server.Root.Combine(name)];
        foreach (var path in paths)
        {
            File.WriteAllText(path, SentinelContent);
        }

        return paths;
    }

    private static void AssertUntouched(string[] sentinels)
    {
        foreach (var path in sentinels)
        {
            Assert.True(File.Exists(path), $"{path} was deleted.");
            Assert.Equal(SentinelContent, File.ReadAllText(path));
        }
    }
}
