using Slipway.Cli.Output;
using Slipway.Core.Security;
using Spectre.Console;

namespace Slipway.Cli.Commands.Users;

/// <summary>Users as a table, the same in <c>users list</c> and <c>users show</c>.</summary>
internal static class UserTable
{
    public static Table Create(IEnumerable<User> users)
    {
        var table = CliWriter.NewTable("Name", "Admin", "Service account", "Created");
        foreach (var user in users)
        {
            CliWriter.AddRow(table, user.Name, DisplayFormat.YesNo(user.IsAdmin), DisplayFormat.YesNo(user.IsServiceAccount), DisplayFormat.Timestamp(user.CreationTime));
        }

        return table;
    }
}
