namespace Slipway.Core.Registry;

/// <summary>MLflow's legacy model version stages, with their canonical spelling.</summary>
public static class ModelStage
{
    public const string None = "None";
    public const string Staging = "Staging";
    public const string Production = "Production";
    public const string Archived = "Archived";

    public static IReadOnlyList<string> All { get; } = [None, Staging, Production, Archived];

    /// <summary>Accepts any casing, as MLflow does, and returns the canonical name.</summary>
    public static bool TryNormalize(string? text, out string stage)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase))
            {
                stage = candidate;
                return true;
            }
        }

        stage = string.Empty;
        return false;
    }
}
