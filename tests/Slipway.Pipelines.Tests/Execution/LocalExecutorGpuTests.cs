using System.Collections.Concurrent;
using System.Diagnostics;
using Slipway.Core.Errors;
using Slipway.Pipelines.Execution;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Tests.Execution;

/// <summary>GPU steps against a fake nvidia-smi that prints recorded outputs and logs how it was called.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the test class through IAsyncLifetime.DisposeAsync.")]
public sealed class LocalExecutorGpuTests : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private readonly StepSandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private string CallLog => Path.Combine(_sandbox.Root, "nvidia-smi-calls.log");

    /// <summary>Writes a fake nvidia-smi: the device query prints <paramref name="fixture"/> and exits with <paramref name="exitCode"/>; a sample query prints 37 % and 1024 MiB for each GPU asked for.</summary>
    private string FakeNvidiaSmi(string fixture, int exitCode = 0)
    {
        var path = Path.Combine(_sandbox.Root, "bin", "nvidia-smi");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $$"""
            #!/bin/bash
            echo "$*" >> '{{CallLog}}'
            case "$1" in
              --query-gpu=index,uuid,name,memory.total)
                cat '{{NvidiaSmiParserTests.Fixture(fixture)}}'
                exit {{exitCode}};;
              --query-gpu=index,utilization.gpu,memory.used)
                IFS=, read -ra ids <<< "$4"
                for i in "${ids[@]}"; do echo "$i, 37, 1024"; done;;
              *)
                echo "unexpected arguments: $*" >&2
                exit 2;;
            esac
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private LocalExecutor Executor(string fixture, int exitCode = 0) =>
        new(StepSandbox.Options(cpu: 8, nvidiaSmiPath: FakeNvidiaSmi(fixture, exitCode)));

    private string[] Calls() => File.Exists(CallLog) ? File.ReadAllLines(CallLog) : [];

    [Fact]
    public void Discovery_finds_the_GPU()
    {
        var executor = Executor("nvidia-smi-1x-h100.txt");

        Assert.Equal([new GpuDevice(0, "GPU-5f2b1c9e-8d4a-4c7b-9e3f-1a2b3c4d5e6f", "NVIDIA H100 80GB HBM3", 81559 * MiB)], executor.Capacity.Gpus);
        Assert.Empty(executor.GpuDiscoveryProblems);
        Assert.Equal(["--query-gpu=index,uuid,name,memory.total --format=csv,noheader,nounits"], Calls());
    }

    [Fact]
    public void Discovery_finds_eight_GPUs()
    {
        Assert.Equal(Enumerable.Range(0, 8), Executor("nvidia-smi-8x-a100.txt").Capacity.Gpus.Select(g => g.Index));
    }

    [Fact]
    public async Task No_nvidia_smi_means_no_GPUs_and_no_problem()
    {
        var executor = new LocalExecutor(StepSandbox.Options(nvidiaSmiPath: Path.Combine(_sandbox.Root, "missing", "nvidia-smi")));
        var onPath = new LocalExecutor(StepSandbox.Options(nvidiaSmiPath: "slipway-no-such-nvidia-smi"));

        Assert.Empty(executor.Capacity.Gpus);
        Assert.Empty(onPath.Capacity.Gpus);
        Assert.Empty(executor.GpuDiscoveryProblems);
        var error = await Assert.ThrowsAsync<SlipwayException>(() => executor.AcquireAsync(new ResourceRequest(1, 0, 1), CancellationToken.None).AsTask());
        Assert.Equal("The step asks for 1 GPU; this machine has none.", error.Message);
    }

    [Fact]
    public async Task A_failing_nvidia_smi_means_no_GPUs_and_a_GPU_step_is_told_why()
    {
        var executor = Executor("nvidia-smi-driver-failure.txt", exitCode: 9);

        Assert.Empty(executor.Capacity.Gpus);
        var problem = Assert.Single(executor.GpuDiscoveryProblems);
        Assert.StartsWith("nvidia-smi exited with code 9: NVIDIA-SMI has failed", problem, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<SlipwayException>(() => executor.AcquireAsync(new ResourceRequest(1, 0, 2), CancellationToken.None).AsTask());
        Assert.Equal($"The step asks for 2 GPUs; this machine has none ({problem}).", error.Message);
    }

    [Fact]
    public void No_devices_found_means_no_GPUs()
    {
        var executor = Executor("nvidia-smi-no-devices.txt", exitCode: 6);

        Assert.Empty(executor.Capacity.Gpus);
        Assert.Empty(executor.GpuDiscoveryProblems);
    }

    [Fact]
    public void Configured_GPUs_are_used_without_asking_nvidia_smi()
    {
        var gpu = new GpuDevice(3, "GPU-x", "NVIDIA L4", 23034 * MiB);
        var executor = new LocalExecutor(StepSandbox.Options(nvidiaSmiPath: FakeNvidiaSmi("nvidia-smi-8x-a100.txt"), gpus: [gpu]));

        Assert.Equal([gpu], executor.Capacity.Gpus);
        Assert.Empty(Calls());
    }

    [Fact]
    public async Task Asking_for_more_GPUs_than_there_are_names_them()
    {
        var executor = Executor("nvidia-smi-1x-h100.txt");

        var error = await Assert.ThrowsAsync<SlipwayException>(() => executor.AcquireAsync(new ResourceRequest(1, 0, 2), CancellationToken.None).AsTask());

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal("The step asks for 2 GPUs; this machine has 1 (0: NVIDIA H100 80GB HBM3).", error.Message);
    }

    [Fact]
    public async Task Two_one_GPU_steps_on_a_one_GPU_machine_run_one_after_the_other()
    {
        var executor = Executor("nvidia-smi-1x-h100.txt");

        var steps = await Task.WhenAll(RunGpuStepAsync(executor, 1), RunGpuStepAsync(executor, 1));

        Assert.All(steps, s => Assert.Equal("0", s.Devices));
        var (first, second) = steps[0].Start < steps[1].Start ? (steps[0], steps[1]) : (steps[1], steps[0]);
        Assert.True(first.End <= second.Start, "the steps overlapped on the one GPU");
    }

    [Fact]
    public async Task Two_one_GPU_steps_on_a_two_GPU_machine_run_together_on_different_GPUs()
    {
        var executor = Executor("nvidia-smi-2x-h100.txt");

        var steps = await Task.WhenAll(RunGpuStepAsync(executor, 1), RunGpuStepAsync(executor, 1));

        Assert.Equal(["0", "1"], steps.Select(s => s.Devices).Order(StringComparer.Ordinal));
        Assert.True(steps[0].Start < steps[1].End && steps[1].Start < steps[0].End, "the steps did not overlap");
    }

    [Fact]
    public async Task A_two_GPU_step_sees_both_and_a_CPU_step_sees_none()
    {
        var executor = Executor("nvidia-smi-2x-h100.txt");

        var both = await RunGpuStepAsync(executor, 2, sleep: "0");
        var none = await RunGpuStepAsync(executor, 0, sleep: "0");

        Assert.Equal("0,1", both.Devices);
        Assert.Equal("[]", none.Devices);
    }

    [Fact]
    public async Task GPU_samples_are_reported_for_the_leased_GPUs()
    {
        var executor = Executor("nvidia-smi-2x-h100.txt");
        using var held = await executor.AcquireAsync(new ResourceRequest(1, 0, 1), CancellationToken.None);
        using var lease = await executor.AcquireAsync(new ResourceRequest(1, 0, 1), CancellationToken.None);
        var samples = new ConcurrentQueue<SystemSample>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var process = await _sandbox.StartAsync(
            executor,
            _sandbox.Launch(
                "while [ ! -e stop ]; do sleep 0.02; done",
                sampleInterval: TimeSpan.FromMilliseconds(100),
                onSample: sample =>
                {
                    samples.Enqueue(sample);
                    if (sample.Gpus.Count > 0)
                    {
                        seen.TrySetResult();
                    }
                }),
            lease);
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(15));
        _sandbox.Touch("stop");
        var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exit.ExitCode);
        Assert.All(samples.Where(s => s.Gpus.Count > 0), s => Assert.Equal([new GpuSample(1, 37, 1024 * MiB)], s.Gpus));
        Assert.Contains("--query-gpu=index,utilization.gpu,memory.used --format=csv,noheader,nounits -i 1", Calls());
    }

    private async Task<(long Start, long End, string Devices)> RunGpuStepAsync(LocalExecutor executor, int gpus, string sleep = "0.3")
    {
        using var lease = await executor.AcquireAsync(new ResourceRequest(1, 0, gpus), CancellationToken.None);
        var start = Stopwatch.GetTimestamp();
        var launch = _sandbox.Launch($"echo \"${{CUDA_VISIBLE_DEVICES-unset}}\" | sed 's/^$/[]/'; sleep {sleep}");
        var exit = await _sandbox.RunAsync(executor, launch, lease);
        var end = Stopwatch.GetTimestamp();
        Assert.Equal(0, exit.ExitCode);
        return (start, end, StepSandbox.Read(launch.StdoutPath).Trim());
    }
}
