namespace Slipway.Server.Security;

/// <summary>
/// Where an endpoint's resource is named in its request, so the authorization point can apply per-resource
/// grants without the endpoint's help. Fields are read from the route, the query string or the JSON body.
/// </summary>
public enum ResourceTarget
{
    /// <summary>The endpoint acts on the workspace as a whole (create, search, list).</summary>
    None,

    /// <summary><c>experiment_id</c>.</summary>
    Experiment,

    /// <summary><c>experiment_ids</c>: every one listed must be readable.</summary>
    ExperimentList,

    /// <summary><c>run_id</c> (or MLflow's older <c>run_uuid</c>, or the route's <c>runId</c>): the run's experiment.</summary>
    Run,

    /// <summary><c>run_ids</c>: the experiments of every run listed.</summary>
    RunList,

    /// <summary><c>name</c> (body, query or route): a registered model.</summary>
    RegisteredModel,

    /// <summary>A proxied artifact path (route <c>path</c> or query <c>path</c>) whose first segment is an experiment id.</summary>
    ArtifactPath,

    /// <summary><c>username</c> or <c>user</c> (route, query or body; the caller when absent): callers act on themselves, admins on anyone.</summary>
    User,
}
