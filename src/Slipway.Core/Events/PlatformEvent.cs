namespace Slipway.Core.Events;

/// <summary>Something that happened in a workspace which pipelines can be triggered by.</summary>
public abstract record PlatformEvent(string WorkspaceId);
