using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Cli.Commands.Data;

/// <summary>
/// The dataset arguments of <c>slipway data</c>: references (<c>churn@3</c>, <c>churn@golden</c>, <c>churn</c> for the
/// latest, each also with the <c>data:</c> prefix), names and tags, checked while parsing so a typo fails before any request.
/// </summary>
internal static class DatasetArguments
{
    public const string ReferenceHelp = "NAME@VERSION, NAME@TAG or NAME (the latest); 'data:' in front is accepted";

    /// <summary>A reference to one version; with <paramref name="allowPath"/>, also to the files under a path in it (<c>churn@3/images</c>).</summary>
    public static Argument<string> Reference(string name, string description, bool allowPath = false)
    {
        var argument = new Argument<string>(name) { Description = description, HelpName = allowPath ? "name@version[/path]" : "name@version" };
        argument.Validators.Add(result =>
        {
            if (TryParse(result, out var reference) && !allowPath && reference.Path.Length > 0)
            {
                result.AddError($"'{Text(result)}' names a file; give a version only, such as {reference.Name}@{Selector(reference)}.");
            }
        });
        return argument;
    }

    /// <summary>A reference that must name a version by number: what deleting needs, since a tag can move meanwhile.</summary>
    public static Argument<string> NumberedReference(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description, HelpName = "name@version" };
        argument.Validators.Add(result =>
        {
            if (TryParse(result, out var reference) && (reference.Version is null || reference.Path.Length > 0))
            {
                result.AddError($"'{Text(result)}' must name a version by number, such as {reference.Name}@3: a tag can move to another version.");
            }
        });
        return argument;
    }

    /// <summary>A dataset name (<c>churn</c> or <c>data:churn</c>), without a version.</summary>
    public static Argument<string> Name(string description)
    {
        var argument = new Argument<string>("dataset") { Description = description, HelpName = "name" };
        argument.Validators.Add(result =>
        {
            if (TryParse(result, out _) && Text(result).Contains('@', StringComparison.Ordinal))
            {
                result.AddError($"'{Text(result)}' names a version; give the dataset name only.");
            }
        });
        return argument;
    }

    /// <summary>A tag name: letters, digits, '.', '_' and '-', starting with a letter (so it never reads as a version).</summary>
    public static void ValidateTags(SymbolResult result)
    {
        foreach (var token in result.Tokens)
        {
            try
            {
                DatasetReference.ValidateTag(token.Value);
            }
            catch (SlipwayException ex)
            {
                result.AddError(ex.Message);
            }
        }
    }

    public static DatasetReference Parse(string text) => DatasetReference.Parse(text);

    /// <summary>The version number or tag of a reference, as the API's <c>{ref}</c> takes it.</summary>
    public static string Selector(DatasetReference reference) =>
        reference.Version?.ToString(CultureInfo.InvariantCulture) ?? reference.Tag ?? DatasetReference.LatestTag;

    /// <summary><c>data:name@3</c>, as every command prints a version.</summary>
    public static string Display(DatasetVersion version) => Display(version.Dataset, version.Version);

    public static string Display(string dataset, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{DatasetReference.Scheme}{dataset}@{version}");

    private static string Text(SymbolResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;

    private static bool TryParse(SymbolResult result, out DatasetReference reference)
    {
        try
        {
            reference = DatasetReference.Parse(Text(result));
            return true;
        }
        catch (SlipwayException ex)
        {
            result.AddError(ex.Message);
            reference = null!;
            return false;
        }
    }
}
