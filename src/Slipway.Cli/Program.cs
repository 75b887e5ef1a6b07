using Slipway.Cli;

return await CliApplication.InvokeAsync(args, CliContext.ForSystemConsole());
