namespace Slipway.Cli;

/// <summary>A user-facing failure of a command; printed as <c>error: message</c> with exit code 1, without a stack trace.</summary>
public sealed class CommandException : Exception
{
    public CommandException(string message)
        : base(message)
    {
    }

    public CommandException()
    {
    }

    public CommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
