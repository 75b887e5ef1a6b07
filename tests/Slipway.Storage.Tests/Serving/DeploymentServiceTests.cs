using Slipway.Core.Errors;
using Slipway.Core.Serving;
using Slipway.Storage.Tests.Sqlite;

namespace Slipway.Storage.Tests.Serving;

/// <summary>The deployment service against a real SQLite store; each test works in a workspace of its own.</summary>
public sealed class DeploymentServiceTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private readonly DeploymentService _service = new(fixture.Store);

    private readonly string _workspace = "ws-" + Guid.NewGuid().ToString("N")[..12];

    private static DeploymentSpec Serving(string model) => new([new DeploymentTarget(model, 1)]);

    private async Task<Deployment> WithRevisionsAsync(string name, params string[] models)
    {
        var deployment = await _service.CreateAsync(_workspace, name, "scoring", Serving(models[0]), "alice");
        foreach (var model in models[1..])
        {
            deployment = await _service.UpdateAsync(_workspace, name, Serving(model), null, "bob");
        }

        return deployment;
    }

    [Fact]
    public async Task Create_and_update_record_created_and_updated_revisions()
    {
        await WithRevisionsAsync("churn", "models:/churn/1", "models:/churn/2");

        var revisions = await _service.ListRevisionsAsync(_workspace, "churn");

        Assert.Equal([(2L, "updated", "bob"), (1L, "created", "alice")], revisions.Select(r => (r.Revision, r.Change, r.CreatedBy)));
        Assert.Equal(Serving("models:/churn/2"), (await _service.GetAsync(_workspace, "churn")).Spec);
        Assert.Equal(["churn"], (await _service.ListAsync(_workspace)).Select(d => d.Name));
    }

    [Fact]
    public async Task Create_rejects_a_bad_name_or_spec_before_storing_anything()
    {
        var name = await Assert.ThrowsAsync<SlipwayException>(() => _service.CreateAsync(_workspace, "Churn", null, Serving("models:/churn/1"), null));
        var spec = await Assert.ThrowsAsync<SlipwayException>(() => _service.CreateAsync(_workspace, "churn", null, Serving("churn/1"), null));

        Assert.Equal(ErrorCode.InvalidParameterValue, name.Code);
        Assert.Contains("Invalid deployment name 'Churn'", name.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.InvalidParameterValue, spec.Code);
        Assert.Contains("targets[0].model", spec.Message, StringComparison.Ordinal);
        Assert.Empty(await _service.ListAsync(_workspace));
    }

    [Fact]
    public async Task Update_with_a_stale_expected_revision_fails()
    {
        await WithRevisionsAsync("churn", "models:/churn/1", "models:/churn/2");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => _service.UpdateAsync(_workspace, "churn", Serving("models:/churn/3"), null, "carol", expectedRevision: 1));

        Assert.Contains("revision 2 is current", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_without_a_revision_restores_the_previous_spec_as_a_new_revision()
    {
        await WithRevisionsAsync("churn", "models:/churn/1", "models:/churn/2", "models:/churn/3");

        var rolledBack = await _service.RollbackAsync(_workspace, "churn", null, "carol");

        Assert.Equal(4, rolledBack.Revision);
        Assert.Equal(Serving("models:/churn/2"), rolledBack.Spec);
        Assert.Equal("scoring", rolledBack.Description);
        Assert.Equal("carol", rolledBack.UpdatedBy);
        Assert.Equal(
            [(4L, "rolled back to revision 2", "models:/churn/2"), (3L, "updated", "models:/churn/3"), (2L, "updated", "models:/churn/2"), (1L, "created", "models:/churn/1")],
            (await _service.ListRevisionsAsync(_workspace, "churn")).Select(r => (r.Revision, r.Change, r.Spec.Targets[0].Model)));
    }

    [Fact]
    public async Task Rollback_to_a_named_revision_restores_that_spec_and_keeps_the_history()
    {
        await WithRevisionsAsync("churn", "models:/churn/1", "models:/churn/2", "models:/churn/3");

        var rolledBack = await _service.RollbackAsync(_workspace, "churn", 1, "carol");

        Assert.Equal(4, rolledBack.Revision);
        Assert.Equal(Serving("models:/churn/1"), rolledBack.Spec);
        var revisions = await _service.ListRevisionsAsync(_workspace, "churn");
        Assert.Equal("rolled back to revision 1", revisions[0].Change);
        Assert.Equal(Serving("models:/churn/3"), revisions[1].Spec);
    }

    [Fact]
    public async Task Rollback_of_a_deployment_with_one_revision_says_there_is_nothing_to_roll_back_to()
    {
        await WithRevisionsAsync("churn", "models:/churn/1");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => _service.RollbackAsync(_workspace, "churn", null, "carol"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal("Deployment 'churn' has no earlier revision to roll back to.", error.Message);
        Assert.Single(await _service.ListRevisionsAsync(_workspace, "churn"));
    }

    [Fact]
    public async Task Rollback_to_the_current_revision_is_refused()
    {
        await WithRevisionsAsync("churn", "models:/churn/1", "models:/churn/2");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => _service.RollbackAsync(_workspace, "churn", 2, "carol"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal("Deployment 'churn' is at revision 2 already; name an earlier revision to roll back to.", error.Message);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(3L)]
    public async Task Rollback_to_a_revision_that_never_existed_is_not_found(long revision)
    {
        await WithRevisionsAsync("churn", "models:/churn/1", "models:/churn/2");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => _service.RollbackAsync(_workspace, "churn", revision, "carol"));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Equal($"Deployment 'churn' has no revision {revision}; its revisions are 1 to 2.", error.Message);
    }

    [Fact]
    public async Task Rollback_of_an_unknown_deployment_is_not_found()
    {
        var error = await Assert.ThrowsAsync<SlipwayException>(() => _service.RollbackAsync(_workspace, "nope", null, "carol"));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Equal("Deployment 'nope' not found.", error.Message);
    }

    [Fact]
    public async Task Delete_removes_the_deployment_with_its_history()
    {
        await WithRevisionsAsync("churn", "models:/churn/1", "models:/churn/2");

        await _service.DeleteAsync(_workspace, "churn");

        Assert.Empty(await _service.ListAsync(_workspace));
        await Assert.ThrowsAsync<SlipwayException>(() => _service.ListRevisionsAsync(_workspace, "churn"));
    }
}
