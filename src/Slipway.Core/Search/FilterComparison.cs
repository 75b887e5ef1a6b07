namespace Slipway.Core.Search;

/// <summary>
/// One comparison such as <c>metrics.acc &gt; 0.9</c>. Attribute and dataset keys are canonical
/// (aliases resolved by the parser): runs use <c>run_id, run_name, status, user_id, artifact_uri,
/// start_time, end_time</c>; experiments <c>name, creation_time, last_update_time</c>; registered
/// models <c>name</c>; model versions <c>name, version_number, run_id, source, current_stage</c>;
/// datasets <c>name, digest, context</c>. <see cref="Value"/> is null for IS NULL / IS NOT NULL.
/// </summary>
public sealed record FilterComparison(SearchEntity Entity, string Key, ComparisonOperator Operator, FilterValue? Value);
