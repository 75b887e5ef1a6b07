namespace Slipway.Pipelines.Specs;

/// <summary>
/// What a step asks of the executor: CPU cores (fractions allowed), memory in bytes (also the limit the step is
/// killed above; 0: no request, no limit) and whole GPUs, allocated exclusively.
/// </summary>
public sealed record ResourceRequest(double Cpu, long MemoryBytes, int Gpu)
{
    /// <summary>One CPU, no memory request, no GPU: what a step without <c>resources</c> asks for.</summary>
    public static ResourceRequest Default { get; } = new(1, 0, 0);

    /// <summary>Built-in steps run inside the server and take no slot.</summary>
    public static ResourceRequest None { get; } = new(0, 0, 0);
}
