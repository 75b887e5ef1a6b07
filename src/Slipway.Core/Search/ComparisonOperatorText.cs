namespace Slipway.Core.Search;

/// <summary>How comparison operators are written in the filter language, for messages.</summary>
public static class ComparisonOperatorText
{
    public static string ToText(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Like => "LIKE",
        ComparisonOperator.ILike => "ILIKE",
        ComparisonOperator.In => "IN",
        ComparisonOperator.NotIn => "NOT IN",
        ComparisonOperator.IsNull => "IS NULL",
        ComparisonOperator.IsNotNull => "IS NOT NULL",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
