using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Slipway.Cli.Commands;

/// <summary>
/// Range checks for numeric options and arguments. They read the typed text themselves: asking the parser for
/// the value of text that is not a number throws instead of reporting it.
/// </summary>
internal static class NumberRange
{
    /// <summary>Adds <paramref name="message"/> as the error unless the given text is an integer from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static void Check<T>(SymbolResult result, T min, T max, string message)
        where T : IBinaryInteger<T>
    {
        if (result.Tokens.Count == 0)
        {
            return;
        }

        var text = result.Tokens[^1].Value;
        if (!T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            result.AddError($"{message} (got '{text}').");
        }
    }
}
