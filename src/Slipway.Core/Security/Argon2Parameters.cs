namespace Slipway.Core.Security;

/// <summary>Argon2id cost settings: memory in KiB, passes over it, and lanes computed in parallel.</summary>
public sealed record Argon2Parameters(int MemoryKiB, int Iterations, int Parallelism);
