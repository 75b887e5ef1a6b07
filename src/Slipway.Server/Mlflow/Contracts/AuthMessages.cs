namespace Slipway.Server.Mlflow.Contracts;

// MLflow's basic-auth app messages (mlflow/server/auth): users and per-resource permissions.

public sealed class MlflowUserRequest
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool? IsAdmin { get; set; }
}

public sealed class MlflowExperimentPermissionDto
{
    public required string ExperimentId { get; set; }

    public long UserId { get; set; }

    public required string Permission { get; set; }
}

public sealed class MlflowRegisteredModelPermissionDto
{
    public required string Name { get; set; }

    public long UserId { get; set; }

    public required string Permission { get; set; }
}

public sealed class MlflowUserDto
{
    public long Id { get; set; }

    public required string Username { get; set; }

    public bool IsAdmin { get; set; }

    public required List<MlflowExperimentPermissionDto> ExperimentPermissions { get; set; }

    public required List<MlflowRegisteredModelPermissionDto> RegisteredModelPermissions { get; set; }
}

public sealed class MlflowUserResponse
{
    public required MlflowUserDto User { get; set; }
}

public sealed class MlflowPermissionRequest
{
    public string? ExperimentId { get; set; }

    public string? Name { get; set; }

    public string? Username { get; set; }

    public string? Permission { get; set; }
}

public sealed class MlflowExperimentPermissionResponse
{
    public required MlflowExperimentPermissionDto ExperimentPermission { get; set; }
}

public sealed class MlflowRegisteredModelPermissionResponse
{
    public required MlflowRegisteredModelPermissionDto RegisteredModelPermission { get; set; }
}
