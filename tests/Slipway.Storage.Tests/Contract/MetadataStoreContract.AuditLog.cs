using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task Audit_entries_are_read_back_in_order_and_filtered_by_actor_workspace_action_and_time()
    {
        var alice = UniqueName("alice");
        var workspace = NewWorkspace();
        await Store.AppendAuditEventsAsync(
        [
            Entry(1000, alice, workspace, "experiment.create", "experiments/1"),
            Entry(2000, alice, workspace, "experiment.delete", "experiments/1"),
            Entry(3000, alice, null, "login"),
            Entry(4000, null, null, "login", outcome: "failure", details: $$"""{"user":"{{alice}}"}"""),
            Entry(5000, UniqueName("bob"), workspace, "experiment.create", "experiments/2"),
        ]);

        var byAlice = (await Store.QueryAuditEventsAsync(new AuditQuery(null, null, alice, null, null, 100, null))).Items;
        Assert.Equal(["experiment.create", "experiment.delete", "login"], byAlice.Select(e => e.Action));
        Assert.True(byAlice[0].Id < byAlice[1].Id);
        Assert.Equal(("experiments/1", "success", "10.0.0.1"), (byAlice[0].Resource, byAlice[0].Outcome, byAlice[0].ClientAddress));

        var inWorkspace = (await Store.QueryAuditEventsAsync(new AuditQuery(null, null, null, workspace, "experiment.create", 100, null))).Items;
        Assert.Equal([1000L, 5000L], inWorkspace.Select(e => e.Time));

        var window = (await Store.QueryAuditEventsAsync(new AuditQuery(2000, 5000, null, null, null, 1000, null))).Items;
        Assert.Contains(window, e => e.Actor is null && e.Outcome == "failure" && e.Details!.Contains(alice, StringComparison.Ordinal));
        Assert.All(window, e => Assert.InRange(e.Time, 2000, 4999));
    }

    [Fact]
    public async Task Audit_entries_page_by_id()
    {
        var actor = UniqueName("pager");
        await Store.AppendAuditEventsAsync([.. Enumerable.Range(0, 5).Select(i => Entry(i, actor, null, $"a{i}"))]);

        var first = await Store.QueryAuditEventsAsync(new AuditQuery(null, null, actor, null, null, 2, null));
        var second = await Store.QueryAuditEventsAsync(new AuditQuery(null, null, actor, null, null, 2, long.Parse(first.NextPageToken!, System.Globalization.CultureInfo.InvariantCulture)));
        var third = await Store.QueryAuditEventsAsync(new AuditQuery(null, null, actor, null, null, 2, long.Parse(second.NextPageToken!, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(["a0", "a1", "a2", "a3", "a4"], first.Items.Concat(second.Items).Concat(third.Items).Select(e => e.Action));
        Assert.Null(third.NextPageToken);
    }

    [Fact]
    public async Task The_audit_log_refuses_updates_and_deletes_in_the_database_itself()
    {
        var uri = await Fixture.CreateDatabaseAsync();
        await using (var store = await MetadataStoreFactory.OpenAsync(uri, Fixture.Options))
        {
            await store.AppendAuditEventsAsync([Entry(1, "mallory", null, "token.create")]);
        }

        var update = await Assert.ThrowsAnyAsync<Exception>(() => Fixture.ExecuteSqlAsync(uri, "UPDATE audit_events SET actor = 'someone else'"));
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => Fixture.ExecuteSqlAsync(uri, "DELETE FROM audit_events"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM audit_events WHERE actor = 'mallory'"));
    }

    private static AuditEvent Entry(long time, string? actor, string? workspace, string action, string? resource = null, string outcome = "success", string? details = null) =>
        new(0, time, actor, workspace, action, resource, outcome, "10.0.0.1", details);
}
