using Microsoft.AspNetCore.Builder;
using Slipway.Core.Security;

namespace Slipway.Server.Security;

/// <summary>How endpoints declare their <see cref="AccessRequirement"/>.</summary>
public static class AccessRequirementExtensions
{
    /// <summary>Declares a read: not audited, since it changes nothing.</summary>
    public static TBuilder Reads<TBuilder>(this TBuilder builder, ResourceTarget target = ResourceTarget.None, Access access = Access.Read)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRequirement(access, target, null, "reads change nothing"));

    /// <summary>Declares a state change recorded in the audit log as <paramref name="auditAction"/>.</summary>
    public static TBuilder Changes<TBuilder>(this TBuilder builder, Access access, ResourceTarget target, string auditAction)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrEmpty(auditAction);
        return builder.WithMetadata(new AccessRequirement(access, target, auditAction));
    }

    /// <summary>
    /// Declares a high-volume data write (metrics, params, tags of a run) that the audit log leaves out, so
    /// logging stays fast; the run's creation and deletion are audited.
    /// </summary>
    public static TBuilder LogsRunData<TBuilder>(this TBuilder builder, ResourceTarget target = ResourceTarget.Run)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRequirement(Access.Edit, target, null, "run data writes are high-volume"));

    /// <summary>
    /// Declares a step of a dataset push (plan, file contents) that needs edit access but that the audit log leaves
    /// out, since a push of 100,000 files makes hundreds of them; the commit that ends the push is audited.
    /// </summary>
    public static TBuilder UploadsData<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRequirement(Access.Edit, ResourceTarget.None, null, "push steps are high-volume; the commit is audited"));

    /// <summary>
    /// Declares a model endpoint: a prediction changes nothing and is not audited (the inference log records it), and
    /// an <c>invoke</c>-scoped application token may call it.
    /// </summary>
    public static TBuilder InvokesModels<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRequirement(Access.Invoke, ResourceTarget.None, null, "predictions go to the inference log"));

    /// <summary>Declares an endpoint open to anyone (health, metrics, the OpenAPI document).</summary>
    public static TBuilder Public<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRequirement(Access.Public, ResourceTarget.None, null, "public"));
}
