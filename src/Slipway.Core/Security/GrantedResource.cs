namespace Slipway.Core.Security;

/// <summary>The kinds of resource that take per-resource grants (MLflow's experiment and registered-model permissions).</summary>
public enum GrantedResource
{
    Experiment,
    RegisteredModel,
}
