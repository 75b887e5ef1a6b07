namespace Slipway.Core.Search;

/// <summary>The right-hand side of a comparison.</summary>
public abstract record FilterValue;

public sealed record NumberValue(double Value) : FilterValue;

public sealed record StringValue(string Value) : FilterValue;

public sealed record ListValue(IReadOnlyList<string> Values) : FilterValue;
