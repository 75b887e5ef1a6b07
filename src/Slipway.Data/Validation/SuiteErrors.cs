using System.Globalization;
using Slipway.Core.Errors;
using YamlDotNet.Core;

namespace Slipway.Data.Validation;

/// <summary>Suite file errors point at a line and column, so a typo is found without reading the whole file.</summary>
internal static class SuiteErrors
{
    public static SlipwayException At(string source, Mark mark, string message) =>
        SlipwayException.Invalid(string.Create(CultureInfo.InvariantCulture, $"{source} line {mark.Line}, column {mark.Column}: {message}"));
}
