using Slipway.Core.Errors;
using Slipway.Data.Validation;

namespace Slipway.Data.Tests.Validation;

/// <summary>Reading suites: every kind in both forms, and errors that point at the line, column and field at fault.</summary>
public sealed class ValidationSuiteTests
{
    [Fact]
    public void A_suite_reads_every_kind_with_its_severity_table_and_line()
    {
        var suite = ValidationSuite.Parse(
            """
            name: churn-checks
            table: customers.csv
            expectations:
              - row_count: {min: 1000, max: 2000000}
              - column_exists: customer_id
              - column_type: {column: age, type: integer}
              - not_null: {column: customer_id}
              - not_null: {column: email, min_ratio: 0.95, severity: warn}
              - range: {column: age, min: 0, max: 120}
              - allowed_values: {column: plan, values: [free, pro, enterprise]}
              - regex: {column: email, pattern: '^[^@]+@[^@]+$'}
              - unique: {column: customer_id, table: other.parquet}
              - schema_matches: {version: 2}
            """,
            "checks.yaml");

        Assert.Equal("churn-checks", suite.Name);
        Assert.Equal("customers.csv", suite.Table);
        Assert.Equal(
            ["row_count", "column_exists", "column_type", "not_null", "not_null", "range", "allowed_values", "regex", "unique", "schema_matches"],
            suite.Expectations.Select(e => e.Kind));
        Assert.Equal([4, 5, 6, 7, 8, 9, 10, 11, 12, 13], suite.Expectations.Select(e => e.Line));
        Assert.Equal([null, "customer_id", "age", "customer_id", "email"], suite.Expectations.Take(5).Select(e => e.Column));
        Assert.Equal(ExpectationSeverity.Warn, suite.Expectations[4].Severity);
        Assert.Equal(ExpectationSeverity.Error, suite.Expectations[3].Severity);
        Assert.Equal("other.parquet", suite.Expectations[8].Table);
        Assert.Null(suite.Expectations[0].Table);
        Assert.Equal("between 1000 and 2000000", suite.Expectations[0].Expected);
        Assert.Equal("present ratio at least 0.95", suite.Expectations[4].Expected);
        Assert.Equal("one of free, pro, enterprise", suite.Expectations[6].Expected);
    }

    [Fact]
    public void A_suite_can_be_json()
    {
        var suite = ValidationSuite.Parse(
            """
            {
              "table": "customers.csv",
              "expectations": [
                {"unique": {"column": "id", "severity": "warn"}},
                {"schema_matches": 3}
              ]
            }
            """,
            "checks.json");

        Assert.Null(suite.Name);
        Assert.Equal(["unique", "schema_matches"], suite.Expectations.Select(e => e.Kind));
        Assert.Equal(ExpectationSeverity.Warn, suite.Expectations[0].Severity);
        Assert.Equal("the columns and types of version 3", suite.Expectations[1].Expected);
    }

    [Fact]
    public void An_unknown_kind_is_named_with_its_line_and_column_and_the_kinds_there_are()
    {
        var message = ParseError(
            """
            expectations:
              - column_exists: id
              - not_nul: {column: email}
            """);

        Assert.StartsWith("checks.yaml line 3, column 5: unknown expectation 'not_nul' (expected one of row_count, column_exists,", message, StringComparison.Ordinal);
        Assert.Contains("schema_matches)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_is_an_error_not_ignored()
    {
        var message = ParseError(
            """
            expectations:
              - not_null: {colum: email}
            """);

        Assert.Equal("checks.yaml line 2, column 16: unknown field 'colum' in not_null (expected column, min_ratio, severity, table)", message);
    }

    [Fact]
    public void A_misspelt_suite_field_is_an_error()
    {
        var message = ParseError(
            """
            name: x
            expectation:
              - unique: id
            """);

        Assert.Equal("checks.yaml line 2, column 1: unknown field 'expectation' in the suite (expected name, table, expectations)", message);
    }

    [Fact]
    public void A_field_beside_the_kind_instead_of_inside_it_is_explained()
    {
        var message = ParseError(
            """
            expectations:
              - not_null: {column: email}
                severity: warn
            """);

        Assert.StartsWith("checks.yaml line 3, column 5: 'severity' is outside not_null", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("range: {column: age}", "range needs min or max")]
    [InlineData("range: {column: age, min: 10, max: 1}", "range max (1) is below min (10)")]
    [InlineData("range: {column: age, min: ten}", "range min must be a number or an ISO 8601 date or timestamp, not 'ten'")]
    [InlineData("range: {column: day, min: 2024-01-01, max: 5}", "range min and max must both be numbers or both be dates")]
    [InlineData("not_null: {column: a, severity: fatal}", "severity must be error or warn, not 'fatal'")]
    [InlineData("not_null: {column: a, min_ratio: 1.5}", "not_null min_ratio must be between 0 and 1, not 1.5")]
    [InlineData("not_null: {min_ratio: 0.5}", "not_null needs 'column'")]
    [InlineData("row_count: {}", "row_count needs min or max")]
    [InlineData("row_count: {min: 10, max: 5}", "row_count max (5) is below min (10)")]
    [InlineData("row_count: {min: 1.5}", "row_count 'min' must be a whole number, not '1.5'")]
    [InlineData("row_count: 5", "row_count takes a mapping of its fields, such as 'row_count: {min: 1000, max: 2000000}'")]
    [InlineData("column_type: {column: a, type: text}", "column_type type must be one of integer, float, number, boolean, string, date, timestamp, not 'text'")]
    [InlineData("allowed_values: {column: a, values: []}", "allowed_values needs 'values', a list such as [a, b]")]
    [InlineData("allowed_values: {column: a, values: [x, null]}", "every entry of allowed_values 'values' must be a single value")]
    [InlineData("regex: {column: a, pattern: '('}", "regex pattern '(' does not compile: missing ): (")]
    [InlineData("schema_matches: {version: 0}", "schema_matches version must be 1 or more, not 0")]
    [InlineData("schema_matches: {version: 2, ordered: maybe}", "schema_matches 'ordered' must be true or false, not 'maybe'")]
    [InlineData("unique: [a, b]", "unique takes a column or a mapping of its fields, such as 'unique: customer_id'")]
    public void A_faulty_expectation_is_named_with_its_line(string expectation, string reason)
    {
        var message = ParseError("expectations:\n  - column_exists: id\n  - " + expectation + "\n");

        Assert.StartsWith("checks.yaml line 3, column ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_only_dotnet_accepts_is_refused_since_the_data_is_matched_by_re2()
    {
        var message = ParseError("expectations:\n  - regex: {column: a, pattern: '(?=a)b'}\n");

        Assert.Contains("does not compile: invalid perl operator: (?=", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_faulty_expectation_is_reported_at_once()
    {
        var message = ParseError(
            """
            expectations:
              - range: {column: age}
              - column_exists: id
              - unique: {column: id, severity: high}
            """);

        Assert.Equal(
            [
                "checks.yaml line 2, column 12: range needs min or max",
                "checks.yaml line 4, column 36: severity must be error or warn, not 'high'",
            ],
            message.Split('\n'));
    }

    [Theory]
    [InlineData("", "checks.yaml is empty")]
    [InlineData("name: x\n", "checks.yaml line 1, column 1: a suite needs 'expectations'")]
    [InlineData("expectations: []\n", "checks.yaml line 1, column 15: a suite needs 'expectations'")]
    [InlineData("- unique: id\n", "checks.yaml line 1, column 1: a suite is a mapping")]
    [InlineData("expectations:\n  - unique\n", "checks.yaml line 2, column 5: each expectation is a mapping")]
    [InlineData("expectations: [unique: id\n", "checks.yaml line 2, column 1: While parsing a flow sequence, did not find expected ',' or ']'.")]
    [InlineData("expectations:\n  - unique: {column: a, column: b}\n", "checks.yaml line 2, column 25: Duplicate key column")]
    [InlineData("expectations:\n  - unique: a\n---\nname: b\n", "checks.yaml line 4, column 1: a suite is one YAML or JSON document, not several")]
    public void A_malformed_suite_is_refused_with_a_position(string text, string start)
    {
        Assert.StartsWith(start, ParseError(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_errors_are_invalid_parameter_errors()
    {
        var error = Assert.Throws<SlipwayException>(() => ValidationSuite.Parse("expectations: [{unique: {}}]", "s.yaml"));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    private static string ParseError(string text) =>
        Assert.Throws<SlipwayException>(() => ValidationSuite.Parse(text, "checks.yaml")).Message;
}
