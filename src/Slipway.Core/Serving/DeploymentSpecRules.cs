using System.Buffers;
using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Uris;

namespace Slipway.Core.Serving;

/// <summary>
/// What a valid <see cref="DeploymentSpec"/> is. Messages name the field as a spec file spells it
/// (<c>targets[1].weight</c>, <c>sticky_header</c>), so a user can find the line to fix.
/// </summary>
public static class DeploymentSpecRules
{
    public const int MaxTargets = 10;

    public const int MaxBatchSize = 100_000;

    public const int MaxBatchLatencyMs = 10_000;

    // RFC 9110 token characters: what an HTTP header name may be made of.
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE naming the first field that breaks a rule.</exception>
    public static void Validate(DeploymentSpec? spec)
    {
        if (spec is null)
        {
            throw Invalid("the spec is missing");
        }

        ValidateTargets(spec.Targets);
        if (spec.Shadow is not null)
        {
            ParseModel("shadow", spec.Shadow);
        }

        if (spec.StickyHeader is not null && (spec.StickyHeader.Length == 0 || spec.StickyHeader.AsSpan().ContainsAnyExcept(TokenCharacters)))
        {
            throw Invalid($"sticky_header '{spec.StickyHeader}' is not an HTTP header name; use letters, digits and !#$%&'*+-.^_`|~ only");
        }

        if (spec.Batching is { } batching)
        {
            if (batching.MaxBatchSize is < 1 or > MaxBatchSize)
            {
                throw Invalid($"batching.max_batch_size is {Number(batching.MaxBatchSize)}; it must be from 1 to {Number(MaxBatchSize)}");
            }

            if (batching.MaxLatencyMs is < 0 or > MaxBatchLatencyMs)
            {
                throw Invalid($"batching.max_latency_ms is {Number(batching.MaxLatencyMs)}; it must be from 0 to {Number(MaxBatchLatencyMs)}");
            }
        }

        // Written so that NaN fails too.
        if (!(spec.LogSampleRate >= 0 && spec.LogSampleRate <= 1))
        {
            throw Invalid($"log_sample_rate is {spec.LogSampleRate.ToString(CultureInfo.InvariantCulture)}; it must be from 0 to 1");
        }

        if (spec.LogWebhook is not null
            && !(Uri.TryCreate(spec.LogWebhook, UriKind.Absolute, out var webhook) && (webhook.Scheme == Uri.UriSchemeHttp || webhook.Scheme == Uri.UriSchemeHttps)))
        {
            throw Invalid($"log_webhook '{spec.LogWebhook}' is not an absolute http or https URL");
        }
    }

    private static void ValidateTargets(IReadOnlyList<DeploymentTarget>? targets)
    {
        if (targets is null || targets.Count == 0)
        {
            throw Invalid("targets is empty; a deployment needs at least one target");
        }

        if (targets.Count > MaxTargets)
        {
            throw Invalid($"targets has {Number(targets.Count)} entries; a deployment has at most {Number(MaxTargets)}");
        }

        var seen = new Dictionary<ModelUri, int>();
        long total = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i] ?? throw Invalid($"targets[{Number(i)}] is empty");
            var model = ParseModel($"targets[{Number(i)}].model", target.Model);

            // Compared parsed, so that spellings of one URI (models:/m/production, models:/m/Production) count as one.
            if (!seen.TryAdd(model, i))
            {
                throw Invalid($"targets[{Number(i)}].model '{target.Model}' repeats targets[{Number(seen[model])}]; each model may be a target once");
            }

            if (target.Weight < 0)
            {
                throw Invalid($"targets[{Number(i)}].weight is {Number(target.Weight)}; weights must be 0 or more");
            }

            total += target.Weight;
        }

        if (total == 0)
        {
            throw Invalid("the targets' weights sum to 0; at least one target needs a positive weight");
        }

        // Routing draws a ticket below the total as an int.
        if (total > int.MaxValue)
        {
            throw Invalid($"the targets' weights sum to {Number(total)}; the sum may be at most {Number(int.MaxValue)}");
        }
    }

    private static ModelUri ParseModel(string field, string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            throw Invalid($"{field} is empty; name a registered model as models:/<name>/<version>, models:/<name>/<stage> or models:/<name>@<alias>");
        }

        try
        {
            return ModelUri.Parse(uri);
        }
        catch (SlipwayException error) when (error.Code == ErrorCode.InvalidParameterValue)
        {
            // The parser's message is a full sentence already.
            throw SlipwayException.Invalid($"Invalid deployment spec: {field}: {error.Message}");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static SlipwayException Invalid(string why) => SlipwayException.Invalid($"Invalid deployment spec: {why}.");
}
