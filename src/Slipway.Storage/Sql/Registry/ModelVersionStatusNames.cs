using Slipway.Core.Registry;

namespace Slipway.Storage.Sql.Registry;

/// <summary>The names the database stores for <see cref="ModelVersionStatus"/> (MLflow's spelling). They must never change.</summary>
internal static class ModelVersionStatusNames
{
    public static string ToName(this ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };

    public static ModelVersionStatus Parse(string name) => name switch
    {
        "PENDING_REGISTRATION" => ModelVersionStatus.PendingRegistration,
        "FAILED_REGISTRATION" => ModelVersionStatus.FailedRegistration,
        _ => ModelVersionStatus.Ready,
    };
}
