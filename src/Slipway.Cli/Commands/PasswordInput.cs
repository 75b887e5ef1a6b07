using System.CommandLine;
using Slipway.Core.Security;
using Spectre.Console;

namespace Slipway.Cli.Commands;

/// <summary>
/// How commands get a password. Never from an argument, where <c>ps</c> and shell history would show it: from the
/// first line of standard input with <c>--password-stdin</c> (scripts), else from a prompt that echoes nothing, not
/// even the length, asked twice to catch typos (people at a terminal).
/// </summary>
internal static class PasswordInput
{
    public const string StdinExample = "printf '%s\\n' \"$PASSWORD\" | slipway ... --password-stdin";

    public static Option<bool> CreateOption() => new("--password-stdin")
    {
        Description = "Read the password from the first line of standard input instead of asking for it.",
    };

    /// <param name="prompt">The question to ask at a terminal, such as "New password for bob".</param>
    public static async Task<string> ReadAsync(CliContext context, bool fromStdin, string prompt, CancellationToken cancellationToken)
    {
        if (fromStdin)
        {
            var line = await context.Input.ReadLineAsync(cancellationToken);
            return string.IsNullOrEmpty(line)
                ? throw new CommandException($"--password-stdin found no password: standard input was empty. Pipe it in: {StdinExample}")
                : line;
        }

        if (context.PromptConsole is not { } console)
        {
            throw new CommandException(
                $"Standard input is not a terminal, so the password cannot be asked for. Use --password-stdin and pipe it in: {StdinExample}");
        }

        var password = await new TextPrompt<string>($"{Markup.Escape(prompt)}:")
            .Secret(mask: null)
            .Validate(text => text.Length is >= PasswordRules.MinLength and <= PasswordRules.MaxLength
                ? ValidationResult.Success()
                : ValidationResult.Error($"A password has {PasswordRules.MinLength} to {PasswordRules.MaxLength} characters."))
            .ShowAsync(console, cancellationToken);
        var repeated = await new TextPrompt<string>("Repeat it:").Secret(mask: null).ShowAsync(console, cancellationToken);
        return string.Equals(password, repeated, StringComparison.Ordinal)
            ? password
            : throw new CommandException("The two passwords differ; nothing was changed.");
    }
}
