using Slipway.Pipelines.Execution;

namespace Slipway.Pipelines.Tests.Execution;

public sealed class NvidiaSmiParserTests
{
    private const long MiB = 1024 * 1024;

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Execution", "Fixtures", name);

    private static GpuDiscoveryResult Parse(string fixture, int exitCode = 0) =>
        NvidiaSmiParser.ParseDevices(exitCode, File.ReadAllText(Fixture(fixture)), "");

    [Fact]
    public void One_H100()
    {
        var result = Parse("nvidia-smi-1x-h100.txt");

        Assert.Equal([new GpuDevice(0, "GPU-5f2b1c9e-8d4a-4c7b-9e3f-1a2b3c4d5e6f", "NVIDIA H100 80GB HBM3", 81559 * MiB)], result.Gpus);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Eight_A100s()
    {
        var result = Parse("nvidia-smi-8x-a100.txt");

        Assert.Equal(Enumerable.Range(0, 8), result.Gpus.Select(g => g.Index));
        Assert.All(result.Gpus, g => Assert.Equal("NVIDIA A100-SXM4-80GB", g.Name));
        Assert.All(result.Gpus, g => Assert.Equal(81920 * MiB, g.MemoryBytes));
        Assert.All(result.Gpus, g => Assert.StartsWith("GPU-", g.Uuid, StringComparison.Ordinal));
        Assert.Equal(8, result.Gpus.Select(g => g.Uuid).Distinct().Count());
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void No_devices_is_no_GPUs_and_no_problem()
    {
        var result = Parse("nvidia-smi-no-devices.txt", exitCode: 6);

        Assert.Empty(result.Gpus);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void A_failing_nvidia_smi_is_no_GPUs_with_the_reason()
    {
        var result = Parse("nvidia-smi-driver-failure.txt", exitCode: 9);

        Assert.Empty(result.Gpus);
        Assert.Equal(
            ["nvidia-smi exited with code 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running."],
            result.Problems);
    }

    [Fact]
    public void A_failure_without_output_still_names_the_exit_code()
    {
        var result = NvidiaSmiParser.ParseDevices(1, "", "\n");

        Assert.Equal(["nvidia-smi exited with code 1"], result.Problems);
    }

    [Fact]
    public void Malformed_lines_are_skipped_each_with_its_reason()
    {
        var result = Parse("nvidia-smi-malformed.txt");

        Assert.Equal(
            [
                new GpuDevice(0, "GPU-5f2b1c9e-8d4a-4c7b-9e3f-1a2b3c4d5e6f", "NVIDIA H100 80GB HBM3", 81559 * MiB),
                new GpuDevice(4, "GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "NVIDIA H100 80GB HBM3", 0),
            ],
            result.Gpus);
        Assert.Equal(
            [
                "nvidia-smi line 2 skipped: expected index, uuid, name, memory.total; got 'GPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-0c7d2e4a-1b3f-4a6e-8c9d-2f4e6a8b0c1d)'.",
                "nvidia-smi line 3 skipped: index 'x' is not a number.",
                "nvidia-smi line 4 skipped: memory.total 'lots' is not a number of MiB.",
                "nvidia-smi line 7 skipped: GPU index 0 is listed twice.",
            ],
            result.Problems);
    }

    [Fact]
    public void A_name_with_a_comma_stays_whole()
    {
        var result = NvidiaSmiParser.ParseDevices(0, "0, GPU-1, Vendor Card, Rev 2, 1024\r\n", "");

        Assert.Equal([new GpuDevice(0, "GPU-1", "Vendor Card, Rev 2", 1024 * MiB)], result.Gpus);
    }

    [Fact]
    public void Samples_are_read_with_missing_values_as_zero_and_junk_left_out()
    {
        var samples = NvidiaSmiParser.ParseSamples(File.ReadAllText(Fixture("nvidia-smi-samples.txt")));

        Assert.Equal(
            [new GpuSample(0, 37, 1024 * MiB), new GpuSample(1, 0, 0), new GpuSample(2, 100, 80000 * MiB)],
            samples);
    }

    [Fact]
    public void The_queries_are_the_documented_ones()
    {
        Assert.Equal(["--query-gpu=index,uuid,name,memory.total", "--format=csv,noheader,nounits"], NvidiaSmiParser.DeviceQueryArguments);
        Assert.Equal(
            ["--query-gpu=index,utilization.gpu,memory.used", "--format=csv,noheader,nounits", "-i", "0,3"],
            NvidiaSmiParser.SampleQueryArguments([0, 3]));
    }
}
