using Slipway.Core.Tracking;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Sdk;

public sealed class SqliteClientExperimentsTests(SlipwayServerFixture server) : ClientExperimentsTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresClientExperimentsTests(PostgresServerFixture server) : ClientExperimentsTests<PostgresServerFixture>(server);

/// <summary>The typed experiment calls of <c>SlipwayClient</c> against a real server.</summary>
public abstract class ClientExperimentsTests<TServer>(TServer server) : SdkTests<TServer>(server)
    where TServer : SlipwayServerFixture
{
    [Fact]
    public async Task CreateExperiment_then_get_by_id_and_by_name_return_it_with_its_tags()
    {
        var name = Names.Unique("sdk-exp");

        var id = await Client.CreateExperimentAsync(name, tags: [new Tag("owner", "risk")]);

        var byId = await Client.GetExperimentAsync(id);
        var byName = await Client.GetExperimentByNameAsync(name);
        Assert.Equal(name, byId.Name);
        Assert.Equal(LifecycleStage.Active, byId.LifecycleStage);
        Assert.Contains(new Tag("owner", "risk"), byId.Tags);
        Assert.False(string.IsNullOrEmpty(byId.ArtifactLocation));
        Assert.NotNull(byName);
        Assert.Equal(id, byName.ExperimentId);
    }

    [Fact]
    public async Task GetExperimentByName_returns_null_for_a_missing_name()
    {
        Assert.Null(await Client.GetExperimentByNameAsync(Names.Unique("sdk-missing")));
    }

    [Fact]
    public async Task SearchAllExperiments_follows_page_tokens_to_every_match()
    {
        var prefix = Names.Unique("sdk-page");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Client.CreateExperimentAsync($"{prefix}-{i}"));
        }

        var first = await Client.SearchExperimentsAsync(filter: $"name LIKE '{prefix}%'", maxResults: 2);
        var all = await Client.SearchAllExperimentsAsync(filter: $"name LIKE '{prefix}%'", orderBy: ["name ASC"], pageSize: 2).ToListAsync();

        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.NextPageToken);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), all.Select(e => e.Name));
        Assert.Equal(ids, all.Select(e => e.ExperimentId));
    }

    [Fact]
    public async Task RenameExperiment_changes_the_name_lookups_answer_to()
    {
        var name = Names.Unique("sdk-old");
        var newName = Names.Unique("sdk-new");
        var id = await Client.CreateExperimentAsync(name);

        await Client.RenameExperimentAsync(id, newName);

        Assert.Equal(newName, (await Client.GetExperimentAsync(id)).Name);
        Assert.Null(await Client.GetExperimentByNameAsync(name));
        Assert.Equal(id, (await Client.GetExperimentByNameAsync(newName))?.ExperimentId);
    }

    [Fact]
    public async Task DeleteExperiment_hides_it_from_active_search_and_RestoreExperiment_brings_it_back()
    {
        var name = Names.Unique("sdk-delete");
        var id = await Client.CreateExperimentAsync(name);
        var filter = $"name = '{name}'";

        await Client.DeleteExperimentAsync(id);

        Assert.Equal(LifecycleStage.Deleted, (await Client.GetExperimentAsync(id)).LifecycleStage);
        Assert.Empty(await Client.SearchAllExperimentsAsync(filter).ToListAsync());
        Assert.Equal(id, Assert.Single(await Client.SearchAllExperimentsAsync(filter, viewType: ViewType.DeletedOnly).ToListAsync()).ExperimentId);

        await Client.RestoreExperimentAsync(id);

        Assert.Equal(LifecycleStage.Active, (await Client.GetExperimentAsync(id)).LifecycleStage);
        Assert.Equal(id, Assert.Single(await Client.SearchAllExperimentsAsync(filter).ToListAsync()).ExperimentId);
    }

    [Fact]
    public async Task SetExperimentTag_adds_a_tag_and_overwrites_it()
    {
        var id = await Client.CreateExperimentAsync(Names.Unique("sdk-tag"));

        await Client.SetExperimentTagAsync(id, "stage", "draft");
        await Client.SetExperimentTagAsync(id, "stage", "reviewed");

        var tags = (await Client.GetExperimentAsync(id)).Tags;
        Assert.Equal("reviewed", Assert.Single(tags, t => t.Key == "stage").Value);
    }

    [Fact]
    public async Task A_name_with_slashes_ampersands_plus_signs_and_accents_round_trips_through_get_by_name()
    {
        var name = $"team/fraud & co + 50% \u00e9t\u00e9 {Guid.NewGuid():N}";
        var id = await Client.CreateExperimentAsync(name);

        var found = await Client.GetExperimentByNameAsync(name);

        Assert.Equal((id, name), (found?.ExperimentId, found?.Name));
    }

    [Fact]
    public async Task GetOrCreateExperimentId_creates_once_and_then_returns_the_same_id()
    {
        var name = Names.Unique("sdk-get-or-create");

        var created = await Client.GetOrCreateExperimentIdAsync(name);
        var found = await Client.GetOrCreateExperimentIdAsync(name);

        Assert.Equal(created, found);
        Assert.Equal(name, (await Client.GetExperimentAsync(created)).Name);
    }
}
