namespace Slipway.Cli.Commands.Data;

/// <summary>
/// Runs a step that reads or writes local files (or streams from the server) and turns I/O failures, which the
/// shared client action does not expect, into one-line command errors.
/// </summary>
internal static class LocalFailure
{
    public static async Task<T> AsCommandErrorAsync<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (IOException ex)
        {
            throw new CommandException(ex.Message, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CommandException(ex.Message, ex);
        }
    }
}
