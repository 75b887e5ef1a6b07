using Slipway.Core.Errors;
using Slipway.Core.Tracking;
using Slipway.Core.Validation;
using Xunit;

namespace Slipway.Core.Tests.Validation;

public class TrackingValidatorTests
{
    private static readonly Metric[] NoMetrics = [];
    private static readonly Param[] NoParams = [];
    private static readonly Tag[] NoTags = [];

    [Fact]
    public void LogBatch_rejects_more_than_1000_metrics_with_MLflows_message()
    {
        var metrics = Enumerable.Range(0, 1001).Select(i => new Metric($"m{i}", 1, 0, 0)).ToArray();

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateLogBatch(metrics, NoParams, NoTags));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal(
            "A batch logging request can contain at most 1000 metrics. Got 1001 metrics. "
            + "Please split up metrics across multiple requests and try again.",
            error.Message);
    }

    [Fact]
    public void LogBatch_accepts_exactly_the_limits()
    {
        var metrics = Enumerable.Range(0, 800).Select(i => new Metric($"m{i}", 1, 0, 0)).ToArray();
        var parameters = Enumerable.Range(0, 100).Select(i => new Param($"p{i}", "v")).ToArray();
        var tags = Enumerable.Range(0, 100).Select(i => new Tag($"t{i}", "v")).ToArray();

        TrackingValidator.ValidateLogBatch(metrics, parameters, tags);
    }

    [Fact]
    public void LogBatch_rejects_more_than_100_params()
    {
        var parameters = Enumerable.Range(0, 101).Select(i => new Param($"p{i}", "v")).ToArray();

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateLogBatch(NoMetrics, parameters, NoTags));

        Assert.StartsWith("A batch logging request can contain at most 100 params. Got 101 params.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogBatch_rejects_more_than_100_tags()
    {
        var tags = Enumerable.Range(0, 101).Select(i => new Tag($"t{i}", "v")).ToArray();

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateLogBatch(NoMetrics, NoParams, tags));

        Assert.StartsWith("A batch logging request can contain at most 100 tags. Got 101 tags.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogBatch_rejects_more_than_1000_entities_in_total()
    {
        var metrics = Enumerable.Range(0, 901).Select(i => new Metric($"m{i}", 1, 0, 0)).ToArray();
        var parameters = Enumerable.Range(0, 100).Select(i => new Param($"p{i}", "v")).ToArray();

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateLogBatch(metrics, parameters, NoTags));

        Assert.StartsWith(
            "A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001 metrics, params, and tags.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void LogBatch_rejects_a_param_key_given_two_different_values()
    {
        Param[] parameters = [new("lr", "0.1"), new("depth", "3"), new("lr", "0.2")];

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateLogBatch(NoMetrics, parameters, NoTags));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("Duplicate parameter keys have been submitted: ['lr']", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogBatch_accepts_a_param_repeated_with_the_same_value()
    {
        Param[] parameters = [new("lr", "0.1"), new("lr", "0.1")];

        TrackingValidator.ValidateLogBatch(NoMetrics, parameters, NoTags);
    }

    [Fact]
    public void LogBatch_names_the_position_of_an_invalid_entry()
    {
        Param[] parameters = [new("ok", "v"), new("bad\\key", "v")];

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateLogBatch(NoMetrics, parameters, NoTags));

        Assert.Contains("Invalid value 'bad\\key' for parameter 'params[1].key' supplied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogBatch_names_a_negative_metric_timestamp()
    {
        Metric[] metrics = [new("acc", 1, -5, 0)];

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateLogBatch(metrics, NoParams, NoTags));

        Assert.Contains("Invalid value '-5' for parameter 'metrics[0].timestamp'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acc")]
    [InlineData("train/loss")]
    [InlineData("val loss")]
    [InlineData("a-b_c.d")]
    [InlineData("epoch:1")]
    [InlineData("a..b")]
    [InlineData("精度")]
    [InlineData("x.")]
    public void ValidateMetric_accepts_MLflow_key_characters(string key)
    {
        TrackingValidator.ValidateMetric(new Metric(key, double.NaN, 0, -1));
        TrackingValidator.ValidateParam(new Param(key, "v"));
        TrackingValidator.ValidateTag(new Tag(key, "v"));
    }

    [Theory]
    [InlineData("", "Missing value for required parameter 'key'.")]
    [InlineData("a\\b", "Names may only contain alphanumerics")]
    [InlineData("a*b", "Names may only contain alphanumerics")]
    [InlineData("a\nb", "Names may only contain alphanumerics")]
    [InlineData("../x", "This name would resolve to '../x'")]
    [InlineData("a/../b", "This name would resolve to 'b'")]
    [InlineData("..", "This name would resolve to '..'")]
    [InlineData("..a", "This name would resolve to '..a'")]
    [InlineData("/abs", "This name would resolve to '/abs'")]
    [InlineData("a//b", "This name would resolve to 'a/b'")]
    [InlineData("a/", "This name would resolve to 'a'")]
    [InlineData("./a", "This name would resolve to 'a'")]
    [InlineData(".", "This name would resolve to '.'")]
    public void ValidateParam_rejects_bad_keys_naming_the_parameter(string key, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateParam(new Param(key, "v")));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("'key'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateParam_rejects_a_key_over_250_characters()
    {
        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateParam(new Param(new string('k', 251), "v")));

        Assert.Contains("length 251 exceeds the maximum length of 250 characters", error.Message, StringComparison.Ordinal);
        TrackingValidator.ValidateParam(new Param(new string('k', 250), "v"));
    }

    [Fact]
    public void ValidateParam_limits_values_to_6000_characters()
    {
        TrackingValidator.ValidateParam(new Param("p", new string('v', 6000)));

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateParam(new Param("p", new string('v', 6001))));

        Assert.Contains("parameter 'value' supplied: length 6001 exceeds the maximum length of 6000 characters", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 500, "the message quotes a prefix of the value, not all of it");
    }

    [Fact]
    public void ValidateParam_rejects_a_missing_value()
    {
        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateParam(new Param("p", null!)));

        Assert.Equal("Missing value for required parameter 'value'.", error.Message);
    }

    [Fact]
    public void ValidateTag_limits_values_to_8000_characters()
    {
        TrackingValidator.ValidateTag(new Tag("t", new string('v', 8000)));

        Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateTag(new Tag("t", new string('v', 8001))));
    }

    [Fact]
    public void ValidateExperimentTag_limits_values_to_5000_characters()
    {
        TrackingValidator.ValidateExperimentTag(new Tag("t", new string('v', 5000)));

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateExperimentTag(new Tag("t", new string('v', 5001))));

        Assert.Contains("maximum length of 5000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateExperimentTag_applies_key_rules()
    {
        Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateExperimentTag(new Tag("../t", "v")));
    }

    [Theory]
    [InlineData(null, "Missing value for required parameter 'name'.")]
    [InlineData("", "Missing value for required parameter 'name'.")]
    [InlineData("   ", "Invalid value '   ' for parameter 'name' supplied: an experiment name must not be empty or blank.")]
    public void ValidateExperimentName_rejects_missing_names(string? name, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateExperimentName(name));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void ValidateExperimentName_limits_names_to_500_characters()
    {
        TrackingValidator.ValidateExperimentName("/Users/me/" + new string('e', 490));

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateExperimentName(new string('e', 501)));

        Assert.Contains("maximum length of 500", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("run_1-a")]
    [InlineData("_leading")]
    public void ValidateRunId_accepts_path_safe_ids(string runId)
    {
        TrackingValidator.ValidateRunId(runId);
    }

    [Theory]
    [InlineData(null, "Missing value for required parameter 'run_id'.")]
    [InlineData("", "Missing value for required parameter 'run_id'.")]
    [InlineData("../etc", "Invalid value '../etc' for parameter 'run_id' supplied")]
    [InlineData("a/b", "Invalid value 'a/b' for parameter 'run_id' supplied")]
    [InlineData("abc\n", "Invalid value 'abc\n' for parameter 'run_id' supplied")]
    [InlineData("a b", "Invalid value 'a b' for parameter 'run_id' supplied")]
    public void ValidateRunId_rejects_ids_that_are_not_path_safe(string? runId, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateRunId(runId));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRunId_rejects_ids_over_256_characters()
    {
        TrackingValidator.ValidateRunId(new string('a', 256));

        Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateRunId(new string('a', 257)));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("123", true)]
    [InlineData("exp-1_a", true)]
    [InlineData("-1", false)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    public void ValidateExperimentId_follows_MLflows_pattern(string id, bool valid)
    {
        if (valid)
        {
            TrackingValidator.ValidateExperimentId(id);
        }
        else
        {
            Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateExperimentId(id));
        }
    }

    [Theory]
    [InlineData(null, 1000)]
    [InlineData(1L, 1)]
    [InlineData(50000L, 50000)]
    public void ValidateMaxResults_returns_the_default_or_the_request(long? requested, int expected)
    {
        var actual = TrackingValidator.ValidateMaxResults(
            requested, TrackingLimits.SearchRunsDefaultMaxResults, TrackingLimits.SearchRunsMaxResults, "max_results");

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0L, "Invalid value for request parameter max_results. It must be a positive integer, but got value 0.")]
    [InlineData(-5L, "Invalid value for request parameter max_results. It must be a positive integer, but got value -5.")]
    [InlineData(50001L, "Invalid value for request parameter max_results. It must be at most 50000, but got value 50001.")]
    [InlineData(long.MaxValue, "It must be at most 50000, but got value 9223372036854775807.")]
    public void ValidateMaxResults_rejects_out_of_range_values_naming_the_parameter(long requested, string expected)
    {
        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateMaxResults(
            requested, TrackingLimits.SearchRunsDefaultMaxResults, TrackingLimits.SearchRunsMaxResults, "max_results"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateTimestamp_rejects_negative_values_naming_the_parameter()
    {
        TrackingValidator.ValidateTimestamp(0, "start_time");

        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateTimestamp(-1, "start_time"));

        Assert.Contains("Invalid value '-1' for parameter 'start_time'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateDatasetInputs_enforces_MLflows_dataset_limits()
    {
        var ok = new DatasetInput(new Dataset("train", "abc123", "local", "/data", null, null), [new Tag(DatasetInput.ContextTag, "train")]);
        TrackingValidator.ValidateDatasetInputs([ok]);

        var longDigest = ok with { Dataset = ok.Dataset with { Digest = new string('d', 37) } };
        var error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateDatasetInputs([ok, longDigest]));
        Assert.Contains("parameter 'datasets[1].dataset.digest'", error.Message, StringComparison.Ordinal);

        var longTag = ok with { Tags = [new Tag("k", new string('v', 501))] };
        error = Assert.Throws<SlipwayException>(() => TrackingValidator.ValidateDatasetInputs([longTag]));
        Assert.Contains("parameter 'datasets[0].tags[0].value'", error.Message, StringComparison.Ordinal);
    }
}
