using Slipway.Core.Errors;
using Slipway.Core.Pipelines;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    private const string Spec = "name: train\nsteps:\n  - name: prepare\n    run: python prepare.py\n";

    private static string NewRunId() => Guid.NewGuid().ToString("N");

    private static NewPipelineRun PipelineRunOf(
        string pipeline,
        IReadOnlyList<string> steps,
        PipelineRunStatus status = PipelineRunStatus.Queued,
        string? id = null,
        IReadOnlyDictionary<string, string>? parameters = null,
        PipelineTrigger? trigger = null) =>
        new(id ?? NewRunId(), pipeline, Spec, parameters ?? new Dictionary<string, string>(), trigger ?? PipelineTrigger.ManualLaunch, "alice", "7", status, steps);

    // ---- Registered pipelines ----

    [Fact]
    public async Task Pipeline_saved_again_gets_the_new_spec_and_keeps_its_creator_and_creation_time()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("train");

        var first = await Store.SavePipelineAsync(workspace, name, "v1", "alice", null);
        var second = await Store.SavePipelineAsync(workspace, name, "v2", "bob", null);

        Assert.Equal(new PipelineDefinition(name, "v1", "alice", first.CreationTime, first.CreationTime), first);
        Assert.Equal("v2", second.Spec);
        Assert.Equal("alice", second.Creator);
        Assert.Equal(first.CreationTime, second.CreationTime);
        Assert.True(second.LastUpdatedTime > first.LastUpdatedTime);
        Assert.Equal(second, await Store.GetPipelineAsync(workspace, name));
    }

    [Fact]
    public async Task Pipeline_code_snapshot_is_kept_with_the_registration_and_with_each_run()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("train");

        await Store.SavePipelineAsync(workspace, name, "v1", "alice", "data:code.train@1");
        var replaced = await Store.SavePipelineAsync(workspace, name, "v2", "alice", "data:code.train@2");
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf(name, ["prepare"]) with { Code = "data:code.train@2" });

        Assert.Equal("data:code.train@2", replaced.Code);
        Assert.Equal("data:code.train@2", (await Store.GetPipelineAsync(workspace, name)).Code);
        Assert.Equal("data:code.train@2", run.Code);
        Assert.Equal("data:code.train@2", (await Store.GetPipelineRunAsync(workspace, run.Id)).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-train")]
    [InlineData(".hidden")]
    [InlineData("train/eval")]
    [InlineData("train eval")]
    [InlineData("tr\u00e4in")]
    public async Task Pipeline_names_outside_the_rule_are_rejected_saying_what_the_rule_is(string name)
    {
        var workspace = NewWorkspace();

        var error = await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.SavePipelineAsync(workspace, name, Spec, null, null));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 100 letters, digits, '.', '_' and '-'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.ListPipelinesAsync(workspace));
    }

    [Fact]
    public async Task Pipeline_names_may_be_up_to_100_characters_of_letters_digits_dots_underscores_and_dashes()
    {
        var workspace = NewWorkspace();
        var longest = "9" + new string('a', 99);

        await Store.SavePipelineAsync(workspace, longest, Spec, null, null);
        await Store.SavePipelineAsync(workspace, "Train.v2_final-3", Spec, null, null);
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.SavePipelineAsync(workspace, longest + "a", Spec, null, null));

        Assert.Equal([longest, "Train.v2_final-3"], (await Store.ListPipelinesAsync(workspace)).Select(p => p.Name));
    }

    [Fact]
    public async Task Pipelines_are_listed_by_name_per_workspace_and_all_of_them_across_workspaces()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        await Store.SavePipelineAsync(workspace, "zeta", Spec, null, null);
        await Store.SavePipelineAsync(workspace, "alpha", Spec, null, null);
        await Store.SavePipelineAsync(other, "mid", Spec, "carol", null);

        Assert.Equal(["alpha", "zeta"], (await Store.ListPipelinesAsync(workspace)).Select(p => p.Name));
        Assert.Equal(["mid"], (await Store.ListPipelinesAsync(other)).Select(p => p.Name));
        Assert.Empty(await Store.ListPipelinesAsync(NewWorkspace()));

        var all = (await Store.ListAllPipelinesAsync()).Where(p => p.WorkspaceId == workspace || p.WorkspaceId == other).ToList();
        Assert.Equal(
            [(workspace, "alpha"), (workspace, "zeta"), (other, "mid")],
            all.Select(p => (p.WorkspaceId, p.Pipeline.Name)).OrderBy(p => p.WorkspaceId == workspace ? 0 : 1));
        Assert.Equal("carol", all.Single(p => p.WorkspaceId == other).Pipeline.Creator);
    }

    [Fact]
    public async Task Pipeline_unknown_or_of_another_workspace_is_not_found_by_name()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("train");
        await Store.SavePipelineAsync(workspace, name, Spec, null, null);

        var missing = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetPipelineAsync(workspace, "nope"));
        Assert.Contains("'nope'", missing.Message, StringComparison.Ordinal);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetPipelineAsync(NewWorkspace(), name));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeletePipelineAsync(NewWorkspace(), name));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeletePipelineAsync(workspace, "nope"));
        Assert.Equal(Spec, (await Store.GetPipelineAsync(workspace, name)).Spec);
    }

    [Fact]
    public async Task Pipeline_deletion_removes_its_webhooks_and_trigger_state_but_keeps_its_runs_and_other_pipelines()
    {
        var workspace = NewWorkspace();
        await Store.SavePipelineAsync(workspace, "train", Spec, null, null);
        await Store.SavePipelineAsync(workspace, "eval", Spec, null, null);
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("train", ["prepare"]));
        var hook = new PipelineWebhook(UniqueName("hook"), workspace, "train", "ab12", "alice", 5);
        var kept = new PipelineWebhook(UniqueName("hook"), workspace, "eval", "cd34", "alice", 6);
        await Store.CreateWebhookAsync(hook);
        await Store.CreateWebhookAsync(kept);
        await Store.RecordTriggerFiringAsync(workspace, "train", "schedule:0", 100);
        await Store.RecordTriggerFiringAsync(workspace, "eval", "schedule:0", 200);

        await Store.DeletePipelineAsync(workspace, "train");

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetPipelineAsync(workspace, "train"));
        Assert.Null(await Store.FindWebhookAsync(hook.Id));
        Assert.Empty(await Store.GetTriggerFiringsAsync(workspace, "train"));
        Assert.Equal(run, await Store.GetPipelineRunAsync(workspace, run.Id), PipelineRunComparer);
        Assert.Single(await Store.ListStepRunsAsync(workspace, run.Id));
        Assert.Equal(kept, await Store.FindWebhookAsync(kept.Id));
        Assert.Equal(200, (await Store.GetTriggerFiringsAsync(workspace, "eval"))["schedule:0"]);

        // Registering the name again starts afresh.
        var again = await Store.SavePipelineAsync(workspace, "train", "v2", "bob", null);
        Assert.Equal("bob", again.Creator);
        Assert.Empty(await Store.ListWebhooksAsync(workspace, "train"));
    }

    // ---- Runs ----

    [Fact]
    public async Task Pipeline_run_starts_with_its_steps_pending_in_the_order_given()
    {
        var workspace = NewWorkspace();
        var parameters = new Dictionary<string, string> { ["lr"] = "0.1", ["epochs"] = "3", ["note"] = "a \"quoted\" ü" };
        var trigger = new PipelineTrigger(PipelineTrigger.Schedule, "0 * * * *");
        var created = await Store.CreatePipelineRunAsync(
            workspace,
            PipelineRunOf("train", ["prepare", "train[lr=0.1]", "evaluate", "a-step"], PipelineRunStatus.Running, parameters: parameters, trigger: trigger));

        Assert.Equal("train", created.Pipeline);
        Assert.Equal(PipelineRunStatus.Running, created.Status);
        Assert.Equal(Spec, created.Spec);
        Assert.Equal(parameters, created.Params);
        Assert.Equal(trigger, created.Trigger);
        Assert.Equal("alice", created.Creator);
        Assert.Equal("7", created.ExperimentId);
        Assert.True(created.CreationTime > 0);
        Assert.Null(created.StartTime);
        Assert.Null(created.EndTime);
        Assert.Null(created.Message);
        Assert.False(created.CancelRequested);
        Assert.Equivalent(created, await Store.GetPipelineRunAsync(workspace, created.Id), strict: true);

        var steps = await Store.ListStepRunsAsync(workspace, created.Id);
        Assert.Equal(["prepare", "train[lr=0.1]", "evaluate", "a-step"], steps.Select(s => s.Name));
        Assert.All(steps, step =>
        {
            Assert.Equal(created.Id, step.PipelineRunId);
            Assert.Equal(StepStatus.Pending, step.Status);
            Assert.Equal(0, step.Attempts);
            Assert.Empty(step.Outputs);
            Assert.Null(step.TrackingRunId);
            Assert.Null(step.ProcessId);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(65)]
    [InlineData(1000)]
    public async Task Pipeline_run_keeps_every_step_in_creation_order_however_many(int count)
    {
        var workspace = NewWorkspace();
        var names = Enumerable.Range(0, count).Select(i => $"step-{count - i:D4}").ToList();

        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("many", names));

        Assert.Equal(names, (await Store.ListStepRunsAsync(workspace, run.Id)).Select(s => s.Name));
    }

    [Fact]
    public async Task Pipeline_run_id_is_taken_once_across_workspaces_and_a_bad_run_stores_nothing()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("train", ["a"]));

        await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreatePipelineRunAsync(workspace, PipelineRunOf("eval", ["b", "c"], id: run.Id)));
        await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreatePipelineRunAsync(other, PipelineRunOf("train", ["b"], id: run.Id)));
        Assert.Equal(run, await Store.GetPipelineRunAsync(workspace, run.Id), PipelineRunComparer);
        Assert.Equal(["a"], (await Store.ListStepRunsAsync(workspace, run.Id)).Select(s => s.Name));

        var duplicateSteps = PipelineRunOf("train", ["a", "b", "a"]);
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.CreatePipelineRunAsync(workspace, duplicateSteps));
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.CreatePipelineRunAsync(workspace, PipelineRunOf("bad/name", ["a"])));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetPipelineRunAsync(workspace, duplicateSteps.Id));
        Assert.Equal([run.Id], (await Store.ListPipelineRunsAsync(workspace, new PipelineRunQuery())).Items.Select(r => r.Id));
        Assert.Empty((await Store.ListPipelineRunsAsync(other, new PipelineRunQuery())).Items);
    }

    [Fact]
    public async Task Pipeline_run_and_its_steps_are_not_found_from_another_workspace()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("train", ["prepare"]));

        var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetPipelineRunAsync(other, run.Id));
        Assert.Contains(run.Id, error.Message, StringComparison.Ordinal);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetPipelineRunAsync(workspace, NewRunId()));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.ListStepRunsAsync(other, run.Id));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.ListStepAttemptsAsync(other, run.Id, "prepare"));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.UpdatePipelineRunAsync(other, run.Id, new PipelineRunUpdate(Status: PipelineRunStatus.Canceled)));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.UpdateStepRunAsync(other, run.Id, "prepare", new StepRunUpdate(Status: StepStatus.Running)));

        Assert.Equal(PipelineRunStatus.Queued, (await Store.GetPipelineRunAsync(workspace, run.Id)).Status);
        Assert.Equal(StepStatus.Pending, Assert.Single(await Store.ListStepRunsAsync(workspace, run.Id)).Status);
    }

    [Fact]
    public async Task Pipeline_runs_are_listed_newest_first_filtered_by_pipeline_and_status_a_page_at_a_time()
    {
        var workspace = NewWorkspace();
        var ids = new List<string>();
        foreach (var (pipeline, status) in new[]
        {
            ("train", PipelineRunStatus.Succeeded), ("eval", PipelineRunStatus.Failed), ("train", PipelineRunStatus.Failed),
            ("train", PipelineRunStatus.Running), ("eval", PipelineRunStatus.Queued),
        })
        {
            ids.Add((await Store.CreatePipelineRunAsync(workspace, PipelineRunOf(pipeline, ["s"], status))).Id);
        }

        async Task<IReadOnlyList<string>> ListAsync(PipelineRunQuery query) => [.. (await Store.ListPipelineRunsAsync(workspace, query)).Items.Select(r => r.Id)];

        Assert.Equal([ids[4], ids[3], ids[2], ids[1], ids[0]], await ListAsync(new PipelineRunQuery()));
        Assert.Equal([ids[3], ids[2], ids[0]], await ListAsync(new PipelineRunQuery("train")));
        Assert.Equal([ids[2], ids[1]], await ListAsync(new PipelineRunQuery(Status: PipelineRunStatus.Failed)));
        Assert.Equal([ids[2]], await ListAsync(new PipelineRunQuery("train", PipelineRunStatus.Failed)));
        Assert.Empty(await ListAsync(new PipelineRunQuery("train", PipelineRunStatus.Canceled)));

        var pages = new List<IReadOnlyList<string>>();
        string? token = null;
        do
        {
            var page = await Store.ListPipelineRunsAsync(workspace, new PipelineRunQuery(MaxResults: 2, PageToken: token));
            pages.Add([.. page.Items.Select(r => r.Id)]);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]], pages);
        Assert.Null((await Store.ListPipelineRunsAsync(workspace, new PipelineRunQuery(MaxResults: 5))).NextPageToken);
        Assert.Equal(5, (await Store.ListPipelineRunsAsync(workspace, new PipelineRunQuery(MaxResults: 1000))).Items.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task Pipeline_runs_are_listed_1_to_1000_a_page(int maxResults)
    {
        var error = await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.ListPipelineRunsAsync(NewWorkspace(), new PipelineRunQuery(MaxResults: maxResults)));
        Assert.Contains("max_results", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_run_listing_rejects_a_page_token_that_does_not_decode()
    {
        await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.ListPipelineRunsAsync(NewWorkspace(), new PipelineRunQuery(PageToken: "not-a-token")));
    }

    [Fact]
    public async Task Pipeline_runs_unfinished_in_any_workspace_are_listed_oldest_first()
    {
        var first = NewWorkspace();
        var second = NewWorkspace();
        var queued = await Store.CreatePipelineRunAsync(first, PipelineRunOf("train", ["s"], PipelineRunStatus.Queued));
        var running = await Store.CreatePipelineRunAsync(second, PipelineRunOf("eval", ["s"], PipelineRunStatus.Running));
        var finished = await Store.CreatePipelineRunAsync(first, PipelineRunOf("train", ["s"], PipelineRunStatus.Running));
        var later = await Store.CreatePipelineRunAsync(first, PipelineRunOf("train", ["s"], PipelineRunStatus.Queued));
        await Store.UpdatePipelineRunAsync(first, finished.Id, new PipelineRunUpdate(Status: PipelineRunStatus.Succeeded, EndTime: 9));
        var canceled = await Store.CreatePipelineRunAsync(second, PipelineRunOf("eval", ["s"], PipelineRunStatus.Canceled));

        var mine = new HashSet<string> { queued.Id, running.Id, finished.Id, later.Id, canceled.Id };
        var unfinished = (await Store.ListUnfinishedPipelineRunsAsync()).Where(r => mine.Contains(r.Run.Id)).ToList();

        Assert.Equal([(first, queued.Id), (second, running.Id), (first, later.Id)], unfinished.Select(r => (r.WorkspaceId, r.Run.Id)));
        Assert.Equal(running, unfinished[1].Run, PipelineRunComparer);
    }

    [Fact]
    public async Task Pipeline_run_update_changes_only_the_fields_given_and_returns_the_stored_run()
    {
        var workspace = NewWorkspace();
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("train", ["s"]));

        var started = await Store.UpdatePipelineRunAsync(workspace, run.Id, new PipelineRunUpdate(Status: PipelineRunStatus.Running, StartTime: 1_000));
        var canceling = await Store.UpdatePipelineRunAsync(workspace, run.Id, new PipelineRunUpdate(CancelRequested: true, Message: "canceled by alice"));
        var unchanged = await Store.UpdatePipelineRunAsync(workspace, run.Id, new PipelineRunUpdate());
        var ended = await Store.UpdatePipelineRunAsync(workspace, run.Id, new PipelineRunUpdate(Status: PipelineRunStatus.Canceled, EndTime: 2_000));

        Assert.Equal(run with { Status = PipelineRunStatus.Running, StartTime = 1_000 }, started, PipelineRunComparer);
        Assert.Equal(started with { CancelRequested = true, Message = "canceled by alice" }, canceling, PipelineRunComparer);
        Assert.Equal(canceling, unchanged, PipelineRunComparer);
        Assert.Equal(canceling with { Status = PipelineRunStatus.Canceled, EndTime = 2_000 }, ended, PipelineRunComparer);
        Assert.Equal(ended, await Store.GetPipelineRunAsync(workspace, run.Id), PipelineRunComparer);

        var missing = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.UpdatePipelineRunAsync(workspace, "no-such-run", new PipelineRunUpdate(Status: PipelineRunStatus.Failed)));
        Assert.Contains("no-such-run", missing.Message, StringComparison.Ordinal);
    }

    // ---- Steps and attempts ----

    [Fact]
    public async Task Pipeline_step_update_changes_only_the_fields_given_and_returns_the_stored_step()
    {
        var workspace = NewWorkspace();
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("train", ["prepare", "train"]));
        var pending = (await Store.ListStepRunsAsync(workspace, run.Id))[1];

        var running = await Store.UpdateStepRunAsync(
            workspace,
            run.Id,
            "train",
            new StepRunUpdate(Status: StepStatus.Running, Attempts: 1, TrackingRunId: "child-1", CacheKey: "key-1", StartTime: 10, ProcessId: 4242, ProcessStartTime: 9));
        var retrying = await Store.UpdateStepRunAsync(
            workspace,
            run.Id,
            "train",
            new StepRunUpdate(Status: StepStatus.Retrying, ExitCode: 137, Message: "killed", NextAttemptTime: 50, ClearProcess: true));
        var outputs = new Dictionary<string, string> { ["model"] = "model/model.pkl", ["metrics"] = "eval/metrics.json" };
        var succeeded = await Store.UpdateStepRunAsync(
            workspace,
            run.Id,
            "train",
            new StepRunUpdate(Status: StepStatus.Succeeded, Attempts: 2, ExitCode: 0, EndTime: 99, Outputs: outputs, CachedFrom: "earlier-run"));

        Assert.Equal(
            pending with { Status = StepStatus.Running, Attempts = 1, TrackingRunId = "child-1", CacheKey = "key-1", StartTime = 10, ProcessId = 4242, ProcessStartTime = 9 },
            running,
            StepRunComparer);
        Assert.Equal(
            running with { Status = StepStatus.Retrying, ExitCode = 137, Message = "killed", NextAttemptTime = 50, ProcessId = null, ProcessStartTime = null },
            retrying,
            StepRunComparer);
        Assert.Equal(
            retrying with { Status = StepStatus.Succeeded, Attempts = 2, ExitCode = 0, EndTime = 99, Outputs = outputs, CachedFrom = "earlier-run" },
            succeeded,
            StepRunComparer);

        var steps = await Store.ListStepRunsAsync(workspace, run.Id);
        Assert.Equal(succeeded, steps[1], StepRunComparer);
        Assert.Equal(StepStatus.Pending, steps[0].Status);
        Assert.Empty(steps[0].Outputs);
    }

    [Fact]
    public async Task Pipeline_step_update_records_its_attempt_inserting_or_replacing_it_by_number()
    {
        var workspace = NewWorkspace();
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("train", ["train", "other"]));

        await Store.UpdateStepRunAsync(workspace, run.Id, "train", new StepRunUpdate(Status: StepStatus.Running, Attempts: 1, Attempt: new StepAttempt(1, StepStatus.Running, 10, null, null, null)));
        await Store.UpdateStepRunAsync(workspace, run.Id, "train", new StepRunUpdate(Status: StepStatus.Retrying, Attempt: new StepAttempt(1, StepStatus.Failed, 10, 20, 1, "exit 1")));
        await Store.UpdateStepRunAsync(workspace, run.Id, "train", new StepRunUpdate(Status: StepStatus.Running, Attempts: 2, Attempt: new StepAttempt(2, StepStatus.Running, 30, null, null, null)));
        await Store.UpdateStepRunAsync(workspace, run.Id, "train", new StepRunUpdate(Status: StepStatus.Succeeded, Attempt: new StepAttempt(2, StepStatus.Succeeded, 30, 40, 0, null)));

        Assert.Equal(
            [new StepAttempt(1, StepStatus.Failed, 10, 20, 1, "exit 1"), new StepAttempt(2, StepStatus.Succeeded, 30, 40, 0, null)],
            await Store.ListStepAttemptsAsync(workspace, run.Id, "train"));
        Assert.Empty(await Store.ListStepAttemptsAsync(workspace, run.Id, "other"));
        Assert.Equal(2, (await Store.ListStepRunsAsync(workspace, run.Id))[0].Attempts);
    }

    [Fact]
    public async Task Pipeline_step_or_run_unknown_is_not_found_and_a_bad_attempt_changes_nothing()
    {
        var workspace = NewWorkspace();
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("train", ["train"]));

        var step = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.UpdateStepRunAsync(workspace, run.Id, "nope", new StepRunUpdate(Status: StepStatus.Running)));
        Assert.Contains("'nope'", step.Message, StringComparison.Ordinal);
        var unknownRun = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.UpdateStepRunAsync(workspace, "no-run", "train", new StepRunUpdate(Status: StepStatus.Running)));
        Assert.Contains("no-run", unknownRun.Message, StringComparison.Ordinal);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.ListStepAttemptsAsync(workspace, run.Id, "nope"));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.ListStepRunsAsync(workspace, "no-run"));
        await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.UpdateStepRunAsync(workspace, run.Id, "train", new StepRunUpdate(Status: StepStatus.Running, Attempt: new StepAttempt(0, StepStatus.Running, 1, null, null, null))));

        Assert.Equal(StepStatus.Pending, Assert.Single(await Store.ListStepRunsAsync(workspace, run.Id)).Status);
        Assert.Empty(await Store.ListStepAttemptsAsync(workspace, run.Id, "train"));
    }

    [Fact]
    public async Task Pipeline_step_updates_made_concurrently_on_one_run_all_land()
    {
        const int Steps = 50;
        var workspace = NewWorkspace();
        var names = Enumerable.Range(0, Steps).Select(i => $"step-{i:D2}").ToList();
        var run = await Store.CreatePipelineRunAsync(workspace, PipelineRunOf("wide", names, PipelineRunStatus.Running));

        var updated = await Task.WhenAll(names.Select((name, i) => Task.Run(() => Store.UpdateStepRunAsync(
            workspace,
            run.Id,
            name,
            new StepRunUpdate(
                Status: StepStatus.Succeeded,
                Attempts: 1,
                ExitCode: 0,
                EndTime: i,
                Outputs: new Dictionary<string, string> { ["out"] = name },
                Attempt: new StepAttempt(1, StepStatus.Succeeded, 0, i, 0, null))))));

        Assert.Equal(names, updated.Select(s => s.Name));
        var steps = await Store.ListStepRunsAsync(workspace, run.Id);
        Assert.Equal(names, steps.Select(s => s.Name));
        Assert.All(steps, s =>
        {
            Assert.Equal(StepStatus.Succeeded, s.Status);
            Assert.Equal(s.Name, s.Outputs["out"]);
            Assert.Equal(names.IndexOf(s.Name), s.EndTime);
        });
        foreach (var name in names)
        {
            Assert.Equal(StepStatus.Succeeded, Assert.Single(await Store.ListStepAttemptsAsync(workspace, run.Id, name)).Status);
        }
    }

    // ---- Step cache ----

    [Fact]
    public async Task Pipeline_step_cache_entries_are_found_by_key_per_workspace_and_replaced_by_a_later_save()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        var key = "sha256:" + Guid.NewGuid().ToString("N");
        var entry = new StepCacheEntry(key, "train", "prepare", "run-1", "child-1", new Dictionary<string, string> { ["data"] = "out/data.parquet" }, 100);

        Assert.Null(await Store.FindStepCacheEntryAsync(workspace, key));
        await Store.SaveStepCacheEntryAsync(workspace, entry);
        Assert.Equivalent(entry, await Store.FindStepCacheEntryAsync(workspace, key), strict: true);
        Assert.Null(await Store.FindStepCacheEntryAsync(other, key));

        var replacement = entry with { PipelineRunId = "run-2", TrackingRunId = "child-2", Outputs = new Dictionary<string, string>(), CreationTime = 200 };
        await Store.SaveStepCacheEntryAsync(workspace, replacement);
        var otherEntry = entry with { PipelineRunId = "run-9" };
        await Store.SaveStepCacheEntryAsync(other, otherEntry);

        Assert.Equivalent(replacement, await Store.FindStepCacheEntryAsync(workspace, key), strict: true);
        Assert.Equivalent(otherEntry, await Store.FindStepCacheEntryAsync(other, key), strict: true);
    }

    // ---- Trigger state ----

    [Fact]
    public async Task Pipeline_trigger_firings_are_recorded_per_pipeline_and_trigger_and_a_later_firing_replaces_the_time()
    {
        var workspace = NewWorkspace();
        Assert.Empty(await Store.GetTriggerFiringsAsync(workspace, "train"));

        await Store.RecordTriggerFiringAsync(workspace, "train", "schedule:0", 100);
        await Store.RecordTriggerFiringAsync(workspace, "train", "dataset:raw", 150);
        await Store.RecordTriggerFiringAsync(workspace, "train", "schedule:0", 300);
        await Store.RecordTriggerFiringAsync(workspace, "eval", "schedule:0", 400);
        await Store.RecordTriggerFiringAsync(NewWorkspace(), "train", "schedule:0", 500);

        Assert.Equal(
            new Dictionary<string, long> { ["schedule:0"] = 300, ["dataset:raw"] = 150 },
            await Store.GetTriggerFiringsAsync(workspace, "train"));
        Assert.Equal(new Dictionary<string, long> { ["schedule:0"] = 400 }, await Store.GetTriggerFiringsAsync(workspace, "eval"));
    }

    // ---- Webhooks ----

    [Fact]
    public async Task Pipeline_webhooks_are_found_by_id_from_any_workspace_listed_per_pipeline_and_deleted_once()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        var first = new PipelineWebhook(UniqueName("hook"), workspace, "train", new string('a', 64), "alice", 100);
        var second = new PipelineWebhook(UniqueName("hook"), workspace, "train", new string('b', 64), null, 200);
        var elsewhere = new PipelineWebhook(UniqueName("hook"), workspace, "eval", new string('c', 64), "bob", 300);
        await Store.CreateWebhookAsync(second);
        await Store.CreateWebhookAsync(first);
        await Store.CreateWebhookAsync(elsewhere);

        await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreateWebhookAsync(first with { WorkspaceId = other, Pipeline = "x" }));
        Assert.Equal(first, await Store.FindWebhookAsync(first.Id));
        Assert.Null(await Store.FindWebhookAsync("no-such-hook"));
        Assert.Equal([first, second], await Store.ListWebhooksAsync(workspace, "train"));
        Assert.Empty(await Store.ListWebhooksAsync(other, "train"));

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteWebhookAsync(other, first.Id));
        await Store.DeleteWebhookAsync(workspace, first.Id);
        var gone = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteWebhookAsync(workspace, first.Id));
        Assert.Contains(first.Id, gone.Message, StringComparison.Ordinal);

        Assert.Null(await Store.FindWebhookAsync(first.Id));
        Assert.Equal([second], await Store.ListWebhooksAsync(workspace, "train"));
        Assert.Equal(elsewhere, await Store.FindWebhookAsync(elsewhere.Id));
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyValues = new Dictionary<string, string>();

    // Records holding dictionaries compare them by reference; these compare them by content.
    private static readonly IEqualityComparer<PipelineRun> PipelineRunComparer = EqualityComparer<PipelineRun>.Create(
        (a, b) => a is not null && b is not null && a with { Params = EmptyValues } == b with { Params = EmptyValues } && SameValues(a.Params, b.Params),
        r => r.Id.GetHashCode(StringComparison.Ordinal));

    private static readonly IEqualityComparer<StepRun> StepRunComparer = EqualityComparer<StepRun>.Create(
        (a, b) => a is not null && b is not null && a with { Outputs = EmptyValues } == b with { Outputs = EmptyValues } && SameValues(a.Outputs, b.Outputs),
        s => s.Name.GetHashCode(StringComparison.Ordinal));

    private static bool SameValues(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
