using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client;

namespace Slipway.Cli.Commands;

/// <summary>What a client command's action gets: a client for the chosen server, the output and the parsed arguments.</summary>
internal sealed record ClientInvocation(SlipwayClient Client, CliWriter Output, ParseResult Parse, CancellationToken CancellationToken)
{
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T Get<T>(Argument<T> argument) => Parse.GetRequiredValue(argument);
}
