using System.CommandLine;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Commands;

/// <summary>The <c>--view active|deleted|all</c> option of list and search commands.</summary>
internal static class ViewOption
{
    public static Option<string> Create(string what)
    {
        var option = new Option<string>("--view")
        {
            Description = $"Which {what} to show: active, deleted (soft-deleted, restorable) or all.",
            DefaultValueFactory = _ => "active",
        };
        option.AcceptOnlyFromAmong("active", "deleted", "all");
        return option;
    }

    public static ViewType ToViewType(string? view) => view switch
    {
        "deleted" => ViewType.DeletedOnly,
        "all" => ViewType.All,
        _ => ViewType.ActiveOnly,
    };
}
