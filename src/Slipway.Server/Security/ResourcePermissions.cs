using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Server.Security;

/// <summary>Reads MLflow's permission names from requests, with an error that lists the valid ones.</summary>
public static class ResourcePermissions
{
    public static AccessLevel ParseLevel(string? name, string field = "permission")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw SlipwayException.Invalid($"Missing value for parameter '{field}'.");
        }

        return AccessLevels.TryParse(name, out var level)
            ? level
            : throw SlipwayException.Invalid($"Invalid value for parameter '{field}': '{name}'; expected READ, EDIT, MANAGE or NO_PERMISSIONS.");
    }
}
