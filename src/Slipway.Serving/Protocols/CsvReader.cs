using System.Text;
using Slipway.Core.Errors;

namespace Slipway.Serving.Protocols;

/// <summary>
/// Reads CSV as RFC 4180 writes it (and pandas' <c>to_csv</c>): comma-separated fields, double quotes around a field
/// that holds a comma, quote or line break, a quote inside doubled; LF or CRLF line ends. Blank lines are skipped, as
/// pandas' <c>read_csv</c> does. A body is small enough to decode to one string first, so fields are plain substrings.
/// </summary>
internal sealed class CsvReader(string text)
{
    private readonly StringBuilder _quoted = new();
    private int _position = text.StartsWith('\uFEFF') ? 1 : 0;
    private int _line = 1;

    /// <summary>Reads the next row into <paramref name="fields"/>; false at the end of the text.</summary>
    /// <param name="line">The line the row starts on, counting from 1, for errors.</param>
    /// <exception cref="SlipwayException">For a quoted field that is not closed, or text after a closing quote.</exception>
    public bool TryReadRow(List<string> fields, out int line)
    {
        fields.Clear();
        while (_position < text.Length && text[_position] is '\r' or '\n')
        {
            SkipLineEnd();
        }

        line = _line;
        if (_position >= text.Length)
        {
            return false;
        }

        while (true)
        {
            fields.Add(_position < text.Length && text[_position] == '"' ? ReadQuoted() : ReadPlain());
            if (_position >= text.Length)
            {
                return true;
            }

            if (text[_position] == ',')
            {
                _position++;
                continue;
            }

            SkipLineEnd();
            return true;
        }
    }

    private string ReadPlain()
    {
        var start = _position;
        while (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
        {
            _position++;
        }

        return text[start.._position];
    }

    private string ReadQuoted()
    {
        var line = _line;
        _quoted.Clear();
        _position++;
        while (true)
        {
            var close = text.IndexOf('"', _position);
            if (close < 0)
            {
                throw SlipwayException.Invalid($"CSV line {line}: a quoted field is not closed.");
            }

            _line += text.AsSpan(_position, close - _position).Count('\n');
            _quoted.Append(text, _position, close - _position);
            _position = close + 1;
            if (_position < text.Length && text[_position] == '"')
            {
                _quoted.Append('"');
                _position++;
                continue;
            }

            if (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
            {
                throw SlipwayException.Invalid($"CSV line {_line}: text follows a closing quote; a quote inside a field is written as two.");
            }

            return _quoted.ToString();
        }
    }

    private void SkipLineEnd()
    {
        if (text[_position] == '\r' && _position + 1 < text.Length && text[_position + 1] == '\n')
        {
            _position++;
        }

        _position++;
        _line++;
    }
}
