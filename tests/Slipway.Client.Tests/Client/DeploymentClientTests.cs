using Slipway.Client.Deployments;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;
using Slipway.Core.Serving;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Client.Tests.Client;

/// <summary>
/// The deployment calls and predictions of <see cref="SlipwayClient"/> against the real server: linear ONNX models
/// logged as run artifacts and registered with the SDK, deployed, predicted with over the Open Inference Protocol,
/// updated, rolled back and deleted.
/// </summary>
public sealed class DeploymentClientTests : IClassFixture<InProcessServerFixture>, IDisposable
{
    private static readonly float[] Row = [1f, 2f, 3f];

    private readonly string _temp = Directory.CreateTempSubdirectory("slipway-deployments-").FullName;
    private readonly SlipwayClient _client;
    private readonly ModelRegistrar _models;

    public DeploymentClientTests(InProcessServerFixture server)
    {
        _client = new SlipwayClient(server.BaseUri);
        _models = new ModelRegistrar(_client, _temp);
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task A_deployment_of_an_alias_serves_the_aliased_version_and_predicts_its_math()
    {
        var model = ModelName();
        var version = await _models.RegisterLinearAsync(model, bias: 0.25f);
        await _client.SetRegisteredModelAliasAsync(model, "champion", version);
        var name = DeploymentName();

        var created = await _client.CreateDeploymentAsync(name, Spec($"models:/{model}@champion"), "churn scoring");

        Assert.Equal((name, "churn scoring", 1L, DeploymentState.Ready, 1L), (created.Name, created.Description, created.Revision, created.Status.State, created.Status.ServedRevision));
        var served = Assert.Single(created.Status.Serving);
        Assert.Equal((model, "1", $"models:/{model}@champion", "primary"), (served.Model, served.Version, served.Uri, served.Route));
        Assert.True(served.LoadSeconds >= 0);
        var predicted = await _client.PredictRowsAsync(name, [Row, [0f, 0f, 0f]]);
        Assert.Equal([1.75f, 0.25f], predicted);

        var result = await _client.PredictAsync(name, [new InferenceTensor("x", OipDatatypes.Fp32, [1, 3], Row)]);
        var output = Assert.Single(result.Outputs);
        Assert.Equal((name, "1", "primary"), (result.ModelName, result.ModelVersion, result.Route));
        Assert.Equal(("y", OipDatatypes.Fp32), (output.Name, output.Datatype));
        Assert.Equal([1L, 1L], output.Shape);
        Assert.Equal([1.75f], (float[])output.Data);

        var fromJson = await _client.PredictJsonAsync(name, """{"id": "req-7", "inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 3], "data": [[1, 2, 3], [0, 0, 0]]}]}""");
        Assert.Equal("req-7", fromJson.Id);
        Assert.Equal([1.75f, 0.25f], (float[])Assert.Single(fromJson.Outputs).Data);

        var metadata = await _client.GetServedModelAsync(name);
        Assert.Equal(["1"], metadata.Versions);
        Assert.Equal("onnxruntime_onnx", metadata.Platform);
        Assert.Equal(new TensorSpec("x", OipDatatypes.Fp32, [-1, 3]), Assert.Single(metadata.Signature.Inputs));
    }

    [Fact]
    public async Task Get_and_list_report_the_configuration_and_what_is_served()
    {
        var model = ModelName();
        var v1 = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var v2 = await _models.RegisterLinearAsync(model, bias: 10.25f);
        var name = DeploymentName();
        var spec = new DeploymentSpec(
            [new DeploymentTarget($"models:/{model}/{v1}", 90), new DeploymentTarget($"models:/{model}/{v2}", 10)],
            Shadow: $"models:/{model}/{v2}",
            StickyHeader: "X-User-Id",
            Batching: new DeploymentBatching(16, 2),
            LogSampleRate: 0.5);
        await _client.CreateDeploymentAsync(name, spec);

        var got = await _client.GetDeploymentAsync(name);
        var listed = Assert.Single(await _client.ListDeploymentsAsync(), d => d.Name == name);

        Assert.Equal(spec, got.Spec);
        Assert.Equal(spec, listed.Spec);
        Assert.Equal(DeploymentState.Ready, got.Status.State);
        Assert.Equal(
            [("primary", "1", 90), ("canary", "2", 10), ("shadow", "2", 0)],
            got.Status.Serving.Select(s => (s.Route, s.Version, s.Weight)));
        var predicted = await _client.PredictRowsAsync(name, [Row], version: "2");
        Assert.Equal([11.75f], predicted);
    }

    [Fact]
    public async Task Update_with_the_read_revision_moves_traffic_and_a_stale_revision_is_refused()
    {
        var model = ModelName();
        var v1 = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var v2 = await _models.RegisterLinearAsync(model, bias: 10.25f);
        var name = DeploymentName();
        var created = await _client.CreateDeploymentAsync(name, Spec($"models:/{model}/{v1}"), "first");

        var updated = await _client.UpdateDeploymentAsync(name, created.Spec with { Targets = [new DeploymentTarget($"models:/{model}/{v2}", 100)] }, created.Revision);
        var stale = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.UpdateDeploymentAsync(name, created.Spec, created.Revision));

        Assert.Equal((2L, DeploymentState.Ready, "first"), (updated.Revision, updated.Status.State, updated.Description));
        Assert.Equal("2", Assert.Single(updated.Status.Serving).Version);
        var predicted = await _client.PredictRowsAsync(name, [Row]);
        Assert.Equal([11.75f], predicted);
        Assert.Equal(ErrorCode.InvalidParameterValue, stale.Code);
        Assert.Contains("changed meanwhile", stale.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(2L, (await _client.GetDeploymentAsync(name)).Revision);
    }

    [Fact]
    public async Task Rollback_restores_an_earlier_configuration_as_a_new_revision_and_revisions_list_the_history()
    {
        var model = ModelName();
        var v1 = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var v2 = await _models.RegisterLinearAsync(model, bias: 10.25f);
        var name = DeploymentName();
        await _client.CreateDeploymentAsync(name, Spec($"models:/{model}/{v1}"));
        await _client.UpdateDeploymentAsync(name, Spec($"models:/{model}/{v2}"));

        var back = await _client.RollbackDeploymentAsync(name);
        Assert.Equal((3L, DeploymentState.Ready, "1"), (back.Revision, back.Status.State, Assert.Single(back.Status.Serving).Version));
        var predicted = await _client.PredictRowsAsync(name, [Row]);
        Assert.Equal([1.75f], predicted);

        var forward = await _client.RollbackDeploymentAsync(name, revision: 2);
        Assert.Equal((4L, "2"), (forward.Revision, Assert.Single(forward.Status.Serving).Version));

        var revisions = await _client.ListDeploymentRevisionsAsync(name);
        Assert.Equal([4L, 3L, 2L, 1L], revisions.Select(r => r.Revision));
        Assert.Equal(["rolled back to revision 2", "rolled back to revision 1", "updated", "created"], revisions.Select(r => r.Change));
        Assert.Equal($"models:/{model}/{v1}", Assert.Single(revisions[1].Spec.Targets).Model);
    }

    [Fact]
    public async Task Delete_removes_the_deployment_and_its_endpoint()
    {
        var model = ModelName();
        var version = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var name = DeploymentName();
        await _client.CreateDeploymentAsync(name, Spec($"models:/{model}/{version}"));

        await _client.DeleteDeploymentAsync(name);

        var get = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.GetDeploymentAsync(name));
        var predict = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.PredictRowsAsync(name, [Row]));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, get.Code);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, predict.Code);
        Assert.Contains(name, predict.ServerMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(await _client.ListDeploymentsAsync(), d => d.Name == name);
    }

    [Fact]
    public async Task Refusals_carry_the_servers_message()
    {
        var model = ModelName();
        var version = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var name = DeploymentName();

        var unknownAlias = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.CreateDeploymentAsync(name, Spec($"models:/{model}@nope")));
        var noWeight = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.CreateDeploymentAsync(name, new DeploymentSpec([new DeploymentTarget($"models:/{model}/{version}", 0)])));
        await _client.CreateDeploymentAsync(name, Spec($"models:/{model}/{version}"));
        var wrongType = await Assert.ThrowsAsync<SlipwayApiException>(() => _client.PredictAsync(name, [new InferenceTensor("x", OipDatatypes.Fp64, [1, 3], new double[] { 1, 2, 3 })]));
        var wrongWidth = await Assert.ThrowsAsync<ArgumentException>(() => _client.PredictRowsAsync(name, [[1f, 2f]]));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, unknownAlias.Code);
        Assert.Contains("nope", unknownAlias.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.InvalidParameterValue, noWeight.Code);
        Assert.Contains("weights sum to 0", noWeight.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("Input 'x' is FP64 but the model expects FP32.", wrongType.ServerMessage);
        Assert.Contains("Row 0 has 2 values, but input 'x'", wrongWidth.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revision_that_cannot_load_reports_failed_with_the_reason_while_the_previous_one_serves_on()
    {
        var model = ModelName();
        var good = await _models.RegisterLinearAsync(model, bias: 0.25f);
        var broken = await _models.RegisterBrokenAsync(model);
        var name = DeploymentName();
        await _client.CreateDeploymentAsync(name, Spec($"models:/{model}/{good}"));

        var updated = await _client.UpdateDeploymentAsync(name, Spec($"models:/{model}/{broken}"));

        Assert.Equal((DeploymentState.Failed, 2L, 1L), (updated.Status.State, updated.Revision, updated.Status.ServedRevision));
        Assert.Contains("not an ONNX model", updated.Status.Error, StringComparison.Ordinal);
        var predicted = await _client.PredictRowsAsync(name, [Row]);
        Assert.Equal([1.75f], predicted);
    }

    private static DeploymentSpec Spec(string uri) => new([new DeploymentTarget(uri, 100)]);

    private static string ModelName() => $"m-{Guid.NewGuid():N}";

    private static string DeploymentName() => $"d-{Guid.NewGuid():N}"[..20];
}
