using System.Runtime.CompilerServices;
using Slipway.Client.Http;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>Creates an experiment and returns its id (<c>experiments/create</c>).</summary>
    public async Task<string> CreateExperimentAsync(
        string name, string? artifactLocation = null, IEnumerable<Tag>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new CreateExperimentRequest { Name = name, ArtifactLocation = artifactLocation, Tags = WireMapper.ToWire(tags) };
        var response = await PostAsync("experiments/create", request, WireJsonContext.Default.CreateExperimentRequest, WireJsonContext.Default.CreateExperimentResponse, cancellationToken);
        return response.ExperimentId ?? throw new InvalidOperationException("The server did not return an experiment id.");
    }

    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        var response = await GetAsync("experiments/get", new QueryStringBuilder().Add("experiment_id", experimentId), WireJsonContext.Default.ExperimentResponse, cancellationToken);
        return (response.Experiment ?? new WireExperiment()).ToDomain();
    }

    /// <summary>The experiment with that name (active or deleted), or null when there is none.</summary>
    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var response = await GetAsync("experiments/get-by-name", new QueryStringBuilder().Add("experiment_name", name), WireJsonContext.Default.ExperimentResponse, cancellationToken);
            return response.Experiment?.ToDomain();
        }
        catch (SlipwayApiException ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>One page of experiments (<c>experiments/search</c>).</summary>
    /// <param name="filter">MLflow filter syntax, such as <c>name LIKE 'fraud%'</c>.</param>
    /// <param name="orderBy">Clauses such as <c>last_update_time DESC</c>.</param>
    public async Task<Page<Experiment>> SearchExperimentsAsync(
        string? filter = null,
        IEnumerable<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly,
        int? maxResults = null,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        var request = new SearchExperimentsRequest
        {
            Filter = filter,
            OrderBy = orderBy?.ToList(),
            ViewType = viewType.ToName(),
            MaxResults = maxResults,
            PageToken = pageToken,
        };
        var response = await PostAsync("experiments/search", request, WireJsonContext.Default.SearchExperimentsRequest, WireJsonContext.Default.SearchExperimentsResponse, cancellationToken);
        return new Page<Experiment>(response.Experiments?.Select(e => e.ToDomain()).ToArray() ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every matching experiment, following page tokens.</summary>
    public IAsyncEnumerable<Experiment> SearchAllExperimentsAsync(
        string? filter = null,
        IEnumerable<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly,
        int? pageSize = null,
        CancellationToken cancellationToken = default)
    {
        var order = orderBy?.ToList();
        return FollowPagesAsync((token, ct) => SearchExperimentsAsync(filter, order, viewType, pageSize, token, ct), cancellationToken);
    }

    /// <summary>Renames an experiment (<c>experiments/update</c>).</summary>
    public Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(newName);
        return PostAsync("experiments/update", new UpdateExperimentRequest { ExperimentId = experimentId, NewName = newName }, WireJsonContext.Default.UpdateExperimentRequest, cancellationToken);
    }

    /// <summary>Soft-deletes an experiment and its runs; <see cref="RestoreExperimentAsync"/> undoes it.</summary>
    public Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        return PostAsync("experiments/delete", new ExperimentIdRequest { ExperimentId = experimentId }, WireJsonContext.Default.ExperimentIdRequest, cancellationToken);
    }

    public Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        return PostAsync("experiments/restore", new ExperimentIdRequest { ExperimentId = experimentId }, WireJsonContext.Default.ExperimentIdRequest, cancellationToken);
    }

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var request = new SetExperimentTagRequest { ExperimentId = experimentId, Key = key, Value = value };
        return PostAsync("experiments/set-experiment-tag", request, WireJsonContext.Default.SetExperimentTagRequest, cancellationToken);
    }

    private static string? NullIfEmpty(string? token) => string.IsNullOrEmpty(token) ? null : token;

    /// <summary>The items of every page, fetching the next page only when the caller gets that far.</summary>
    private static async IAsyncEnumerable<T> FollowPagesAsync<T>(
        Func<string?, CancellationToken, Task<Page<T>>> fetchPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await fetchPage(token, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            token = page.NextPageToken;
        }
        while (token is not null);
    }
}
