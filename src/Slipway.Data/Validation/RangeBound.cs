namespace Slipway.Data.Validation;

/// <summary>
/// One bound of a <c>range</c>: a <see cref="double"/> for integer and float columns, or a UTC <see cref="DateTime"/>
/// for date and timestamp columns, kept with the text the suite wrote.
/// </summary>
internal sealed record RangeBound(string Text, IComparable Value)
{
    public bool IsNumber => Value is double;

    public static RangeBound? TryParse(string text)
    {
        if (TextValues.ParseNumber(text) is { } number)
        {
            return new RangeBound(text, number);
        }

        return TextValues.ParseMoment(text) is { } moment ? new RangeBound(text, moment) : null;
    }
}
