namespace Slipway.Client.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
