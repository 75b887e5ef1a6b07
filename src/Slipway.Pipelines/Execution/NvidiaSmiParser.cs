using System.Globalization;

namespace Slipway.Pipelines.Execution;

/// <summary>What GPU discovery found, and why lines or the whole listing were not used.</summary>
/// <param name="Gpus">The GPUs found, in the order listed.</param>
/// <param name="Problems">
/// Sentences for the server log: a line that was skipped (and why), or why nvidia-smi gave no list. Empty when all went
/// well, and when nvidia-smi reports that the machine has no GPU.
/// </param>
public sealed record GpuDiscoveryResult(IReadOnlyList<GpuDevice> Gpus, IReadOnlyList<string> Problems)
{
    public static GpuDiscoveryResult None { get; } = new([], []);
}

/// <summary>
/// Reads <c>nvidia-smi --format=csv,noheader,nounits</c> output. A malformed line is skipped, with the reason in
/// <see cref="GpuDiscoveryResult.Problems"/>, rather than failing the whole listing: the GPUs that were read are
/// still usable, and a step asking for more than those fails with the list of what the machine has. <c>[N/A]</c>
/// (or any <c>[...]</c>) in a numeric column reads as 0.
/// </summary>
public static class NvidiaSmiParser
{
    /// <summary>The query GPU discovery runs: one line per GPU, <c>0, GPU-5f2b..., NVIDIA H100 80GB HBM3, 81559</c> (memory in MiB).</summary>
    public static IReadOnlyList<string> DeviceQueryArguments { get; } =
        ["--query-gpu=index,uuid,name,memory.total", "--format=csv,noheader,nounits"];

    /// <summary>The query for samples: <c>0, 37, 1024</c> (index, utilisation in percent, memory used in MiB).</summary>
    public static IReadOnlyList<string> SampleQueryArguments(IEnumerable<int> indices) =>
        ["--query-gpu=index,utilization.gpu,memory.used", "--format=csv,noheader,nounits", "-i", string.Join(',', indices)];

    private const long MiB = 1024 * 1024;

    /// <summary>Reads the device listing given nvidia-smi's exit code and output.</summary>
    public static GpuDiscoveryResult ParseDevices(int exitCode, string standardOutput, string standardError)
    {
        ArgumentNullException.ThrowIfNull(standardOutput);
        ArgumentNullException.ThrowIfNull(standardError);
        if (exitCode != 0)
        {
            // A machine with the driver tools but no GPU (exit code 6): not a problem, just no GPUs.
            if (standardOutput.Contains("No devices were found", StringComparison.OrdinalIgnoreCase)
                || standardError.Contains("No devices were found", StringComparison.OrdinalIgnoreCase))
            {
                return GpuDiscoveryResult.None;
            }

            var said = FirstLine(standardError) ?? FirstLine(standardOutput);
            return new([], [said is null ? $"nvidia-smi exited with code {exitCode}" : $"nvidia-smi exited with code {exitCode}: {said}"]);
        }

        var gpus = new List<GpuDevice>();
        var problems = new List<string>();
        var number = 0;
        foreach (var raw in standardOutput.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Contains("No devices were found", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // The name sits between uuid and memory; taking the first two and the last field keeps a name with a comma whole.
            var fields = line.Split(',');
            if (fields.Length < 4)
            {
                problems.Add($"nvidia-smi line {number} skipped: expected index, uuid, name, memory.total; got '{line}'.");
                continue;
            }

            var indexText = fields[0].Trim();
            var uuid = fields[1].Trim();
            var name = string.Join(',', fields[2..^1]).Trim();
            var memoryText = fields[^1].Trim();
            if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                problems.Add($"nvidia-smi line {number} skipped: index '{indexText}' is not a number.");
                continue;
            }

            if (!TryParseNumber(memoryText, out var memoryMiB))
            {
                problems.Add($"nvidia-smi line {number} skipped: memory.total '{memoryText}' is not a number of MiB.");
                continue;
            }

            if (uuid.Length == 0 || name.Length == 0)
            {
                problems.Add($"nvidia-smi line {number} skipped: empty uuid or name in '{line}'.");
                continue;
            }

            if (gpus.Exists(g => g.Index == index))
            {
                problems.Add($"nvidia-smi line {number} skipped: GPU index {index} is listed twice.");
                continue;
            }

            gpus.Add(new GpuDevice(index, uuid, name, (long)(memoryMiB * MiB)));
        }

        return new GpuDiscoveryResult(gpus, problems);
    }

    /// <summary>Reads utilisation samples; lines that do not parse are left out.</summary>
    public static IReadOnlyList<GpuSample> ParseSamples(string standardOutput)
    {
        ArgumentNullException.ThrowIfNull(standardOutput);
        var samples = new List<GpuSample>();
        foreach (var raw in standardOutput.Split('\n'))
        {
            var fields = raw.Split(',');
            if (fields.Length != 3
                || !int.TryParse(fields[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || !TryParseNumber(fields[1].Trim(), out var utilization)
                || !TryParseNumber(fields[2].Trim(), out var memoryMiB))
            {
                continue;
            }

            samples.Add(new GpuSample(index, utilization, (long)(memoryMiB * MiB)));
        }

        return samples;
    }

    private static bool TryParseNumber(string text, out double value)
    {
        // nvidia-smi prints [N/A], [Not Supported] or [Insufficient Permissions] where a value is missing.
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            value = 0;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0;
    }

    private static string? FirstLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                return trimmed;
            }
        }

        return null;
    }
}
