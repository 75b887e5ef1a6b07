namespace Slipway.Core.Events;

/// <summary>A monitor (or an outside alerting system) raised an alert.</summary>
public sealed record AlertRaised(string WorkspaceId, string Alert, string? Detail) : PlatformEvent(WorkspaceId);
