namespace Slipway.Core.Search;

/// <summary>
/// One comparison such as <c>metrics.acc &gt; 0.9</c>. Attribute and dataset keys are canonical
/// (aliases resolved by the parser): runs use <c>run_id, run_name, status, user_id, artifact_uri,
/// lifecycle_stage, start_time, end_time</c>; experiments <c>name, creation_time, last_update_time</c>; registered
/// models <c>name</c>; model versions <c>name, version_number, run_id, source, current_stage</c>;
/// datasets <c>name, digest, context</c>. <see cref="Value"/> is null for IS NULL / IS NOT NULL.
/// </summary>
/// <remarks>
/// Value shapes the parser guarantees: numeric keys (metrics, start_time, end_time, creation_time,
/// last_update_time, version_number) carry a finite <see cref="NumberValue"/>; IN / NOT IN carry a non-empty
/// <see cref="ListValue"/>; everything else a <see cref="StringValue"/>. For <c>current_stage</c> with =, !=, IN
/// and NOT IN the strings are canonical stage names (<c>'production'</c> becomes <c>Production</c>). LIKE and ILIKE
/// patterns are passed through unchanged (<c>%</c> and <c>_</c> are the wildcards). <c>lifecycle_stage</c> and
/// IN on <c>current_stage</c> are Slipway additions that MLflow does not offer.
/// </remarks>
public sealed record FilterComparison(SearchEntity Entity, string Key, ComparisonOperator Operator, FilterValue? Value);
