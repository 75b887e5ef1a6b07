namespace Slipway.Core.Search;

/// <summary>What a filter or order-by key refers to (the part before the dot in <c>metrics.acc</c>).</summary>
public enum SearchEntity
{
    Metric,
    Param,
    Tag,
    Attribute,
    Dataset,
}
