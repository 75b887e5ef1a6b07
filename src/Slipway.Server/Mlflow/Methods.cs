namespace Slipway.Server.Mlflow;

/// <summary>HTTP method sets for MLflow routes.</summary>
internal static class Methods
{
    /// <summary>
    /// Reads accept GET (what MLflow's proto declares) and POST (what several clients send for searches).
    /// </summary>
    public static readonly string[] Read = ["GET", "POST"];
}
