using System.Globalization;
using System.Text;

namespace Slipway.Client.Http;

/// <summary>Builds the query string of a GET request; null values are left out and lists repeat their key.</summary>
internal sealed class QueryStringBuilder
{
    private readonly StringBuilder _text = new();

    public QueryStringBuilder Add(string key, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _text.Append(_text.Length == 0 ? '?' : '&')
            .Append(Uri.EscapeDataString(key))
            .Append('=')
            .Append(Uri.EscapeDataString(value));
        return this;
    }

    public QueryStringBuilder Add(string key, long? value) =>
        Add(key, value?.ToString(CultureInfo.InvariantCulture));

    public QueryStringBuilder Add(string key, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            Add(key, value);
        }

        return this;
    }

    public override string ToString() => _text.ToString();
}
