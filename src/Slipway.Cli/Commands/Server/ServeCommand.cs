using System.CommandLine;
using Slipway.Client;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Serving;
using Slipway.Core.Uris;
using Slipway.Server.Hosting;
using Slipway.Server.Serving;

namespace Slipway.Cli.Commands.Server;

/// <summary>
/// <c>slipway serve (--deployment NAME | --model URI)</c>: a serving-only replica. It opens the same store and
/// artifacts as the tracking server, serves one deployment (or one registry URI) over the inference protocols and
/// nothing else, and follows the deployment's changes in the store.
/// </summary>
internal static class ServeCommand
{
    public const int DefaultPort = 8080;

    public const int DefaultGrpcPort = 8081;

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var deployment = new Option<string?>("--deployment", "-d")
        {
            Description = "The deployment to serve (see `slipway deployments list`), in --workspace (default 'default'). The replica follows it: "
                + "updates, rollbacks and moved aliases are served within a second; one created later is served once it exists.",
            HelpName = "name",
        };
        var model = new Option<string?>("--model", "-m")
        {
            Description = "Serve a registered model without a deployment: models:/name@alias, models:/name/3, models:/name/Production. "
                + "It is served under the model's name (models:/Churn Model@prod as 'churn-model'); a moved alias or stage is followed.",
            HelpName = "uri",
        };
        var hosting = new ServerHostOptions(DefaultPort);
        var grpcPort = ServerHostOptions.GrpcPort(
            "Port of the Open Inference Protocol's gRPC listener (HTTP/2 without TLS); 0 picks a free one.",
            DefaultGrpcPort);
        var command = new Command(
            "serve",
            "Run a dedicated serving replica: one deployment (or one registered model) over the inference protocols, with health and metrics endpoints and nothing else. "
            + "It follows its deployment in the metadata store, so a change made with `slipway deployments` reaches every replica within a second. "
            + "To scale out, start several behind a load balancer on the tracking server's --store and --artifacts-dir.")
        {
            deployment, model,
        };
        hosting.AddTo(command);
        command.Options.Add(grpcPort);
        command.WithExamples(
            "slipway serve --deployment churn --store postgresql://slipway:pw@db:5432/slipway --artifacts-dir /mnt/artifacts --host 0.0.0.0",
            "slipway serve --model models:/churn@champion              one model, no deployment needed",
            "slipway serve -d churn --workspace fraud-team --port 9000 --grpc-port 9001",
            "curl localhost:8080/v2/health/ready                          200 once the model is loaded",
            "curl -d @request.json localhost:8080/v2/models/churn/infer   Open Inference Protocol; also /invocations (MLflow) and /v1/models/churn:predict");
        command.Validators.Add(result =>
        {
            var name = result.GetValue(deployment);
            var uri = result.GetValue(model);
            if ((name is null) == (uri is null))
            {
                result.AddError("Give exactly one of --deployment NAME and --model URI.");
                return;
            }

            try
            {
                if (name is not null)
                {
                    DeploymentNames.Validate(name);
                }
                else
                {
                    ModelUri.Parse(uri!);
                }
            }
            catch (SlipwayException ex)
            {
                result.AddError(ex.Message);
            }
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var workspace = parseResult.GetValue(global.Workspace) ?? Core.Stores.Workspaces.Default;
            if (!WorkspaceNames.IsValid(workspace))
            {
                return Task.FromResult(ClientCommandAction.Fail(
                    context, $"Invalid workspace '{workspace}' (from --workspace or ${TrackingEnvironment.SlipwayWorkspace}): a workspace name has 1 to {WorkspaceNames.MaxLength} lower-case letters, digits, '-' and '_', and starts with a letter or digit."));
            }

            var options = hosting.ToServerOptions(parseResult, context);
            options.Serving.Deployment = parseResult.GetValue(deployment);
            options.Serving.Model = parseResult.GetValue(model);
            options.Serving.Workspace = workspace;
            options.Serving.GrpcPort = parseResult.GetValue(grpcPort);
            return ServerLauncher.RunAsync(context, options, (output, server) => WriteBanner(output, server, options), cancellationToken);
        });
        return command;
    }

    private static void WriteBanner(TextWriter output, SlipwayServer server, ServerOptions options)
    {
        var serving = options.Serving;
        var name = serving.Deployment ?? ModelOnlyDeployment.NameFor(serving.Model!);
        output.WriteLine($"Slipway serving replica {ServerLauncher.Version()}");
        output.WriteLine(serving.Deployment is not null
            ? $"Serving:     deployment '{name}' of workspace '{serving.Workspace}', following its changes in the store"
            : $"Serving:     {serving.Model} as '{name}' (workspace '{serving.Workspace}')");
        ServerLauncher.WriteListening(output, server, options);
        output.WriteLine($"Model cache: {serving.ModelCacheDirectory ?? Path.Combine(options.DataDirectory, "models")}");
        output.WriteLine($"Endpoints:   POST /v2/models/{name}/infer (Open Inference Protocol), /v1/models/{name}:predict (KServe V1), /invocations (MLflow)");
        output.WriteLine("Health:      /v2/health/live, /v2/health/ready (200 once the model is loaded), /ping; metrics at /metrics");
        ServerLauncher.WriteClosing(output, server);
    }
}
