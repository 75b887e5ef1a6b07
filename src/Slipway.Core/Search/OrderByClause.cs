namespace Slipway.Core.Search;

/// <summary>One sort key, such as <c>metrics.acc DESC</c>. Keys are canonical as in <see cref="FilterComparison"/>.</summary>
/// <remarks>
/// Order-by also accepts keys that cannot be filtered on: experiments <c>experiment_id</c>; registered models
/// <c>creation_timestamp</c> (alias <c>timestamp</c>) and <c>last_updated_timestamp</c>; model versions
/// <c>creation_timestamp</c> and <c>last_updated_timestamp</c>. Runs sort by metrics, params, tags and every run
/// attribute; the other targets by attributes only. Tie-breakers (MLflow appends run id, experiment id, name,
/// version) are the store's job.
/// </remarks>
public sealed record OrderByClause(SearchEntity Entity, string Key, bool Ascending);
