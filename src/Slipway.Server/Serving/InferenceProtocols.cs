namespace Slipway.Server.Serving;

/// <summary>The protocol names the inference log and metrics record a request by.</summary>
public static class InferenceProtocols
{
    public const string V2Rest = "v2-rest";
    public const string V2Grpc = "v2-grpc";
    public const string V1 = "v1";
    public const string Mlflow = "mlflow";
}
