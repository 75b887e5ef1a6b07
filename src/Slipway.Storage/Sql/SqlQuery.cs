using System.Globalization;
using System.Text;

namespace Slipway.Storage.Sql;

/// <summary>
/// SQL text built piece by piece with every value bound as a numbered parameter, never spliced into the text.
/// </summary>
internal sealed class SqlQuery
{
    private readonly List<(string Name, object Value)> _parameters = [];

    public StringBuilder Text { get; } = new();

    /// <summary>Binds <paramref name="value"/> and returns its placeholder (<c>@p3</c>).</summary>
    public string Bind(object value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    /// <summary>Binds each value and returns the placeholders as a parenthesised list, such as <c>(@p1, @p2)</c>.</summary>
    public string BindList(IEnumerable<object> values) => "(" + string.Join(", ", values.Select(Bind)) + ")";

    /// <summary>Appends <c>{select} WHERE a AND b ... ORDER BY x, y ...</c>, the tail every search shares.</summary>
    public SqlQuery AppendWhereOrderBy(string select, IEnumerable<string> conditions, IEnumerable<string> order) =>
        Append(select)
            .Append(" WHERE ")
            .Append(string.Join(" AND ", conditions))
            .Append(" ORDER BY ")
            .Append(string.Join(", ", order));

    public SqlQuery Append(string sql)
    {
        Text.Append(sql);
        return this;
    }

    public IEnumerable<(string Name, object? Value)> Parameters => _parameters.Select(p => (p.Name, (object?)p.Value));
}
