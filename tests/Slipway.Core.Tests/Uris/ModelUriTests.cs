using Slipway.Core.Errors;
using Slipway.Core.Uris;
using Xunit;

namespace Slipway.Core.Tests.Uris;

public class ModelUriTests
{
    [Theory]
    [InlineData("models:/churn/3", "churn", ModelUriKind.Version, 3L, null, null)]
    [InlineData("models:/my model/12", "my model", ModelUriKind.Version, 12L, null, null)]
    [InlineData("models:/churn@champion", "churn", ModelUriKind.Alias, null, "champion", null)]
    [InlineData("models:/a@b@prod", "a@b", ModelUriKind.Alias, null, "prod", null)]
    [InlineData("models:/churn/Production", "churn", ModelUriKind.Stage, null, null, "Production")]
    [InlineData("models:/churn/staging", "churn", ModelUriKind.Stage, null, null, "Staging")]
    [InlineData("models:/churn/ARCHIVED", "churn", ModelUriKind.Stage, null, null, "Archived")]
    [InlineData("models:/churn/none", "churn", ModelUriKind.Stage, null, null, "None")]
    [InlineData("models:/churn/latest", "churn", ModelUriKind.Latest, null, null, null)]
    [InlineData("models:/churn/LATEST", "churn", ModelUriKind.Latest, null, null, null)]
    [InlineData("MODELS:/churn/1", "churn", ModelUriKind.Version, 1L, null, null)]
    [InlineData("models:/cat.schema.model/7", "cat.schema.model", ModelUriKind.Version, 7L, null, null)]
    public void Parse_reads_every_MLflow_form(string uri, string name, ModelUriKind kind, long? version, string? alias, string? stage)
    {
        var parsed = ModelUri.Parse(uri);

        Assert.Equal(new ModelUri(name, kind, version, alias, stage), parsed);
    }

    [Theory]
    [InlineData("models:/churn/3", "models:/churn/3")]
    [InlineData("models:/churn@champion", "models:/churn@champion")]
    [InlineData("models:/churn/production", "models:/churn/Production")]
    [InlineData("models:/churn/Latest", "models:/churn/latest")]
    public void ToString_gives_the_canonical_uri(string uri, string expected)
    {
        Assert.Equal(expected, ModelUri.Parse(uri).ToString());
    }

    [Theory]
    [InlineData("", "it does not start with 'models:/'")]
    [InlineData("runs:/abc/model", "it does not start with 'models:/'")]
    [InlineData("models:churn/1", "the name must follow a single '/' after 'models:'")]
    [InlineData("models://profile/churn/1", "the name must follow a single '/' after 'models:'")]
    [InlineData("models:/", "it names no version")]
    [InlineData("models:/churn", "it names no version; add '/<version>', '/<stage>', '/latest' or '@<alias>'")]
    [InlineData("models:/churn/", "'' is not a version number")]
    [InlineData("models:/churn/Prod", "'Prod' is not a version number, a stage (None, Staging, Production, Archived) or 'latest'")]
    [InlineData("models:/churn/1/extra", "it has more than two segments")]
    [InlineData("models:/churn/1/", "it has more than two segments")]
    [InlineData("models:/churn/0", "'0' is not a valid model version; versions start at 1")]
    [InlineData("models:/churn/99999999999999999999", "is not a valid model version")]
    [InlineData("models:/churn/-1", "'-1' is not a version number")]
    [InlineData("models:/churn@", "the alias after '@' is empty")]
    [InlineData("models:/@champion", "the model name is empty")]
    [InlineData("models:/ /1", "the model name is empty")]
    public void Parse_rejects_malformed_uris_explaining_why(string uri, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => ModelUri.Parse(uri));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains($"Invalid model URI '{uri}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
