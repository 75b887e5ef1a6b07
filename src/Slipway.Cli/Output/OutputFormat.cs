namespace Slipway.Cli.Output;

/// <summary>How client commands print results: Spectre tables for people, JSON for scripts.</summary>
public enum OutputFormat
{
    Table,
    Json,
}
