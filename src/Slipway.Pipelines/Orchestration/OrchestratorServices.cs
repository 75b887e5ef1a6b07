using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Data.Artifacts;
using Slipway.Data.Datasets;
using Slipway.Data.Lineage;
using Slipway.Pipelines.Execution;

namespace Slipway.Pipelines.Orchestration;

/// <summary>What the drivers of pipeline runs work with, gathered once so each driver takes one argument.</summary>
public sealed record OrchestratorServices(
    IPipelineStore Store,
    TrackingService Tracking,
    DatasetService Datasets,
    RunInputLinker Linker,
    IStepExecutor Executor,
    InputMaterializer Inputs,
    OutputCollector Outputs,
    ArtifactTransfer Transfer,
    BlobCopier Blobs,
    BuiltInStepRunner BuiltIns,
    StepCredentials Credentials,
    PipelineOrchestratorOptions Options,
    TimeProvider Clock)
{
    public long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();
}
