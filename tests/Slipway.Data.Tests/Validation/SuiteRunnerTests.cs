using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDB.NET.Data;
using Slipway.Core.Data.Profiles;
using Slipway.Core.Errors;
using Slipway.Data.Validation;

namespace Slipway.Data.Tests.Validation;

/// <summary>
/// Suites run against hand-written profiles and real CSV and Parquet files: every kind passing and failing, with
/// what was observed, and the failures a user makes (missing columns and tables, hostile names) reported, not thrown.
/// </summary>
public sealed class SuiteRunnerTests : IDisposable
{
    private const string Customers = """
        customer_id,age,plan,email,signup
        1,34,free,a@x.com,2024-01-05
        2,41,pro,b@x.com,2024-02-11
        3,-1,gold,bad-email,2024-03-01
        4,130,trial,,2024-03-02
        5,28,pro,e@x.com,2024-04-10
        5,22,free,f@x.com,2023-12-31
        """;

    private static readonly TableProfile CustomersProfile = Table(
        "customers.csv",
        "csv",
        6,
        Column("customer_id", "integer", min: "1", max: "5"),
        Column("age", "integer", min: "-1", max: "130"),
        Column("plan", "string", min: "free", max: "trial"),
        Column("email", "string", missing: 1),
        Column("signup", "date", min: "2023-12-31", max: "2024-04-10"));

    private static readonly TableProfile OrdersProfile = Table(
        "orders.parquet",
        "parquet",
        3,
        Column("order_id", "integer", min: "1", max: "3"),
        Column("amount", "float", min: "2.5", max: "3.0"),
        Column("paid", "boolean"));

    // As the server will: snake_case names, enums as words.
    private static readonly JsonSerializerOptions ServerJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "slipway-validation-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DatasetProfile> _otherVersions = [];

    public SuiteRunnerTests()
    {
        Directory.CreateDirectory(_directory);
        _files["customers.csv"] = Path.Combine(_directory, "customers.csv");
        File.WriteAllText(_files["customers.csv"], Customers + "\n");

        _files["orders.parquet"] = Path.Combine(_directory, "orders.parquet");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            COPY (SELECT * FROM (VALUES (1, 2.5::DOUBLE, true), (2, 3.0::DOUBLE, false), (3, 2.5::DOUBLE, true)) t(order_id, amount, paid))
            TO '{_files["orders.parquet"]}' (FORMAT parquet)
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Row_count_compares_the_profiled_row_count_with_its_bounds()
    {
        var pass = await RunOneAsync("row_count: {min: 5, max: 10}");
        var fail = await RunOneAsync("row_count: {min: 1000}");

        AssertResult(pass, passed: true, observed: "6", expected: "between 5 and 10");
        AssertResult(fail, passed: false, observed: "6", expected: "at least 1000");
        Assert.Equal("customers.csv has 6 rows; expected at least 1,000.", fail.Message);
    }

    [Fact]
    public async Task Column_exists_matches_names_exactly_and_suggests_a_different_case()
    {
        var pass = await RunOneAsync("column_exists: customer_id");
        var fail = await RunOneAsync("column_exists: Customer_ID");
        var absent = await RunOneAsync("column_exists: region");

        AssertResult(pass, passed: true, observed: "present", expected: "present");
        AssertResult(fail, passed: false, observed: "missing", expected: "present");
        Assert.Equal("No column 'Customer_ID' in customers.csv; did you mean 'customer_id'?", fail.Message);
        Assert.Equal("No column 'region' in customers.csv; its columns are customer_id, age, plan, email, signup.", absent.Message);
        Assert.Equal("region", absent.Column);
    }

    [Fact]
    public async Task Column_type_compares_logical_types_and_number_takes_integer_or_float()
    {
        var pass = await RunOneAsync("column_type: {column: age, type: integer}");
        var number = await RunOneAsync("column_type: {column: amount, type: number, table: orders.parquet}", OrdersProfile);
        var fail = await RunOneAsync("column_type: {column: age, type: string}");

        AssertResult(pass, passed: true, observed: "integer", expected: "integer");
        AssertResult(number, passed: true, observed: "float", expected: "integer or float");
        AssertResult(fail, passed: false, observed: "integer", expected: "string");
        Assert.Equal("'age' is integer (BIGINT); expected string.", fail.Message);
    }

    [Fact]
    public async Task Not_null_compares_the_present_ratio_with_its_minimum()
    {
        var pass = await RunOneAsync("not_null: customer_id");
        var fail = await RunOneAsync("not_null: email");
        var lenient = await RunOneAsync("not_null: {column: email, min_ratio: 0.8}");

        AssertResult(pass, passed: true, observed: "1", expected: "no missing values");
        AssertResult(fail, passed: false, observed: (5.0 / 6).ToString(CultureInfo.InvariantCulture), expected: "no missing values");
        Assert.Equal("'email' is missing in 1 of 6 rows (83.33% present); expected no missing values.", fail.Message);
        AssertResult(lenient, passed: true, observed: (5.0 / 6).ToString(CultureInfo.InvariantCulture), expected: "present ratio at least 0.8");
    }

    [Fact]
    public async Task Range_passes_on_the_profile_and_on_failure_counts_the_values_outside_in_the_data()
    {
        var pass = await RunOneAsync("range: {column: age, min: -5, max: 200}");
        var fail = await RunOneAsync("range: {column: age, min: 0, max: 120}");
        var upperOnly = await RunOneAsync("range: {column: age, max: 100}");

        AssertResult(pass, passed: true, observed: "-1 to 130", expected: "between -5 and 200");
        AssertResult(fail, passed: false, observed: "-1 to 130", expected: "between 0 and 120");
        Assert.Equal("'age' ranges from -1 to 130; 2 of 6 values are out of range (between 0 and 120), e.g. '-1' (1 row), '130' (1 row).", fail.Message);
        Assert.Equal([new ValueFrequency("-1", 1), new ValueFrequency("130", 1)], fail.Examples);
        Assert.Equal([new ValueFrequency("130", 1)], upperOnly.Examples);
    }

    [Fact]
    public async Task Range_takes_dates_for_date_columns_and_refuses_text_columns()
    {
        var pass = await RunOneAsync("range: {column: signup, min: 2023-01-01, max: 2025-01-01}");
        var fail = await RunOneAsync("range: {column: signup, min: 2024-01-01}");
        var numberForDate = await RunOneAsync("range: {column: signup, min: 5}");
        var text = await RunOneAsync("range: {column: plan, min: 0}");

        AssertResult(pass, passed: true, observed: "2023-12-31 to 2024-04-10", expected: "between 2023-01-01 and 2025-01-01");
        AssertResult(fail, passed: false, observed: "2023-12-31 to 2024-04-10", expected: "at least 2024-01-01");
        Assert.Equal([new ValueFrequency("2023-12-31", 1)], fail.Examples);
        Assert.Equal("'signup' is date, so range bounds must be dates or timestamps, not '5'.", numberForDate.Message);
        Assert.False(text.Passed);
        Assert.Equal("range applies to numeric, date and timestamp columns; 'plan' is string.", text.Message);
    }

    [Fact]
    public async Task Allowed_values_counts_the_rows_outside_the_set_with_examples()
    {
        var pass = await RunOneAsync("allowed_values: {column: plan, values: [free, pro, gold, trial]}");
        var fail = await RunOneAsync("allowed_values: {column: plan, values: [free, pro, enterprise]}");

        AssertResult(pass, passed: true, observed: "0 rows outside the set", expected: "one of free, pro, gold, trial");
        AssertResult(fail, passed: false, observed: "2 rows outside the set", expected: "one of free, pro, enterprise");
        Assert.Equal("2 of 6 values of 'plan' are outside the allowed set, e.g. 'gold' (1 row), 'trial' (1 row).", fail.Message);
    }

    [Fact]
    public async Task Allowed_values_compares_numbers_as_numbers_and_booleans_as_text_in_parquet()
    {
        var numbers = await RunOneAsync("allowed_values: {column: amount, values: [2.5, 3], table: orders.parquet}", OrdersProfile);
        var booleans = await RunOneAsync("allowed_values: {column: paid, values: [true], table: orders.parquet}", OrdersProfile);
        var notNumber = await RunOneAsync("allowed_values: {column: amount, values: [cheap], table: orders.parquet}", OrdersProfile);

        AssertResult(numbers, passed: true, observed: "0 rows outside the set", expected: "one of 2.5, 3");
        AssertResult(booleans, passed: false, observed: "1 row outside the set", expected: "one of true");
        Assert.Equal([new ValueFrequency("false", 1)], booleans.Examples);
        Assert.Equal("'amount' is float, but the allowed value 'cheap' is not a number.", notNumber.Message);
    }

    [Fact]
    public async Task Regex_counts_the_values_that_do_not_match_in_full()
    {
        var pass = await RunOneAsync("regex: {column: plan, pattern: '[a-z]+'}");
        var fail = await RunOneAsync("regex: {column: email, pattern: '[^@]+@[^@]+'}");
        var partial = await RunOneAsync("regex: {column: plan, pattern: 'fr'}");

        AssertResult(pass, passed: true, observed: "0 rows not matching", expected: "matches [a-z]+");
        AssertResult(fail, passed: false, observed: "1 row not matching", expected: "matches [^@]+@[^@]+");
        Assert.Equal("1 of 5 values of 'email' do not match [^@]+@[^@]+, e.g. 'bad-email' (1 row).", fail.Message);
        Assert.False(partial.Passed);
    }

    [Fact]
    public async Task Unique_finds_duplicates_in_csv_and_parquet_and_ignores_missing_values()
    {
        var fail = await RunOneAsync("unique: customer_id");
        var withMissing = await RunOneAsync("unique: email");
        var parquetPass = await RunOneAsync("unique: {column: order_id, table: orders.parquet}", OrdersProfile);
        var parquetFail = await RunOneAsync("unique: {column: amount, table: orders.parquet}", OrdersProfile);

        AssertResult(fail, passed: false, observed: "1 duplicated value in 2 rows", expected: "no duplicates");
        Assert.Equal("'customer_id' has duplicates: 1 value in 2 rows, e.g. '5' (2 rows).", fail.Message);
        AssertResult(withMissing, passed: true, observed: "no duplicates", expected: "no duplicates");
        AssertResult(parquetPass, passed: true, observed: "no duplicates", expected: "no duplicates");
        Assert.Equal([new ValueFrequency("2.5", 2)], parquetFail.Examples);
    }

    [Fact]
    public async Task Schema_matches_compares_columns_and_types_with_another_version()
    {
        _otherVersions[2] = new DatasetProfile { Tables = [CustomersProfile with { RowCount = 3 }] };
        _otherVersions[3] = new DatasetProfile
        {
            Tables =
            [
                CustomersProfile with
                {
                    Columns = [.. CustomersProfile.Columns.Select(c => c.Name == "age" ? c with { Type = "float" } : c).Where(c => c.Name != "signup"), Column("region", "string")],
                },
            ],
        };
        _otherVersions[4] = new DatasetProfile { Tables = [CustomersProfile with { Columns = [.. CustomersProfile.Columns.Reverse()] }] };

        var same = await RunOneAsync("schema_matches: 2");
        var changed = await RunOneAsync("schema_matches: {version: 3}");
        var reordered = await RunOneAsync("schema_matches: {version: 4}");
        var reorderedStrict = await RunOneAsync("schema_matches: {version: 4, ordered: true}");
        var absent = await RunOneAsync("schema_matches: 9");

        AssertResult(same, passed: true, observed: "same columns and types", expected: "the columns and types of version 2");
        AssertResult(changed, passed: false, observed: "'age' is integer, was float; missing column 'region'; new column 'signup'", expected: "the columns and types of version 3");
        Assert.Equal("customers.csv differs from version 3: 'age' is integer, was float; missing column 'region'; new column 'signup'.", changed.Message);
        Assert.True(reordered.Passed);
        Assert.False(reorderedStrict.Passed);
        Assert.StartsWith("columns are in a different order: customer_id, age, plan, email, signup (was signup,", reorderedStrict.Observed, StringComparison.Ordinal);
        Assert.False(absent.Passed);
        Assert.Equal("Cannot compare with version 9: Version 9 of dataset 'churn' does not exist.", absent.Message);
    }

    [Fact]
    public async Task Schema_matches_fails_when_the_other_version_lacks_the_table()
    {
        _otherVersions[2] = new DatasetProfile { Tables = [OrdersProfile] };

        var result = await RunOneAsync("schema_matches: 2");

        Assert.False(result.Passed);
        Assert.Equal("Version 2 has no tabular file 'customers.csv' to compare with.", result.Message);
    }

    [Fact]
    public async Task A_failing_warning_is_reported_but_the_suite_still_passes()
    {
        var warned = await RunAsync(
            """
            name: churn-checks
            expectations:
              - row_count: {min: 1}
              - unique: {column: customer_id, severity: warn}
            """);
        var failed = await RunAsync(
            """
            expectations:
              - row_count: {min: 1}
              - unique: {column: customer_id, severity: warn}
              - not_null: email
            """);

        Assert.True(warned.Passed);
        Assert.Equal("churn-checks", warned.Suite);
        Assert.Equal((1, 0, 1), (warned.PassedCount, warned.ErrorCount, warned.WarningCount));
        Assert.Equal(ExpectationSeverity.Warn, warned.Results[1].Severity);
        Assert.False(failed.Passed);
        Assert.Equal("checks.yaml", failed.Suite);
        Assert.Equal((1, 1, 1), (failed.PassedCount, failed.ErrorCount, failed.WarningCount));
        Assert.Equal([0, 1, 2], failed.Results.Select(r => r.Index));
        Assert.Equal([2, 3, 4], failed.Results.Select(r => r.Line));
    }

    [Fact]
    public async Task Tables_are_chosen_by_the_expectation_then_the_suite_then_the_only_table()
    {
        var report = await RunAsync(
            """
            table: orders.parquet
            expectations:
              - row_count: {max: 5}
              - row_count: {max: 5, table: customers.csv}
              - row_count: {max: 5, table: returns.csv}
            """,
            OrdersProfile);
        var ambiguous = await RunAsync("expectations: [{row_count: {min: 1}}]", OrdersProfile);

        Assert.Equal(["orders.parquet", "customers.csv", "returns.csv"], report.Results.Select(r => r.Table));
        Assert.Equal(["3", "6", null], report.Results.Select(r => r.Observed));
        Assert.Equal("No tabular file 'returns.csv' in the version; it has customers.csv, orders.parquet.", report.Results[2].Message);
        Assert.False(ambiguous.Passed);
        Assert.Null(ambiguous.Results[0].Table);
        Assert.Equal("The version has 2 tabular files (customers.csv, orders.parquet); name one with 'table' in the suite or the expectation.", ambiguous.Results[0].Message);
    }

    [Fact]
    public async Task A_missing_column_fails_every_kind_with_the_same_message()
    {
        var report = await RunAsync(
            """
            expectations:
              - not_null: ghost
              - range: {column: ghost, min: 0}
              - allowed_values: {column: ghost, values: [a]}
              - regex: {column: ghost, pattern: a}
              - unique: ghost
              - column_type: {column: ghost, type: string}
            """);

        Assert.All(report.Results, r =>
        {
            Assert.False(r.Passed);
            Assert.Equal("missing", r.Observed);
            Assert.StartsWith("No column 'ghost' in customers.csv;", r.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Hostile_column_names_values_and_patterns_are_quoted_or_bound_never_spliced()
    {
        const string hostile = "a\"; DROP TABLE x; --";
        _files["hostile.csv"] = Path.Combine(_directory, "hostile.csv");
        File.WriteAllText(_files["hostile.csv"], "id,\"a\"\"; DROP TABLE x; --\"\n1,x\n2,x\n3,y'); DROP VIEW t0; --\n");
        var table = Table("hostile.csv", "csv", 3, Column("id", "integer", min: "1", max: "3"), Column(hostile, "string"));

        var report = await RunAsync(
            """
            table: hostile.csv
            expectations:
              - unique: {column: 'a"; DROP TABLE x; --'}
              - allowed_values: {column: 'a"; DROP TABLE x; --', values: [x, "y'); DROP VIEW t0; --"]}
              - regex: {column: 'a"; DROP TABLE x; --', pattern: "x|y'\\); DROP VIEW t0; --"}
              - unique: 'b"; DROP TABLE x; --'
              - unique: id
            """,
            table);

        Assert.Equal([false, true, true, false, true], report.Results.Select(r => r.Passed));
        Assert.Equal(hostile, report.Results[0].Column);
        Assert.Equal([new ValueFrequency("x", 2)], report.Results[0].Examples);
        Assert.StartsWith("No column 'b\"; DROP TABLE x; --' in hostile.csv", report.Results[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_disagrees_with_its_profile_fails_the_check_with_duckdbs_reason()
    {
        var profile = CustomersProfile with { Columns = [.. CustomersProfile.Columns, Column("phantom", "string")] };

        var result = (await RunOnTablesAsync("expectations: [{unique: phantom}]", [profile])).Results.Single();

        Assert.False(result.Passed);
        Assert.Null(result.Observed);
        Assert.StartsWith("Could not query customers.csv: Binder Error", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_without_tables_fails_each_check()
    {
        var result = (await RunOnTablesAsync("expectations: [{row_count: {min: 1}}]", [])).Results.Single();

        Assert.False(result.Passed);
        Assert.Equal("The version has no tabular files (CSV or Parquet) to check.", result.Message);
    }

    [Fact]
    public async Task A_report_serializes_to_json_with_its_counts_and_enums_as_words()
    {
        var report = await RunAsync("expectations: [{unique: {column: customer_id, severity: warn}}]");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, ServerJson));

        var root = json.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(1, root.GetProperty("warning_count").GetInt32());
        var result = root.GetProperty("results")[0];
        Assert.Equal("warn", result.GetProperty("severity").GetString());
        Assert.Equal("1 duplicated value in 2 rows", result.GetProperty("observed").GetString());
        Assert.Equal("5", result.GetProperty("examples")[0].GetProperty("value").GetString());
    }

    private static TableProfile Table(string path, string format, long rows, params ColumnProfile[] columns) =>
        new() { Path = path, Format = format, RowCount = rows, Columns = columns };

    private static ColumnProfile Column(string name, string type, long missing = 0, string? min = null, string? max = null) => new()
    {
        Name = name,
        Type = type,
        SourceType = type switch
        {
            "integer" => "BIGINT",
            "float" => "DOUBLE",
            "boolean" => "BOOLEAN",
            "date" => "DATE",
            _ => "VARCHAR",
        },
        Nullable = missing > 0,
        MissingCount = missing,
        MissingRatio = 0,
        DistinctCount = 0,
        Min = min,
        Max = max,
    };

    private static void AssertResult(ExpectationResult result, bool passed, string observed, string expected)
    {
        Assert.True(passed == result.Passed, result.Message);
        Assert.Equal(observed, result.Observed);
        Assert.Equal(expected, result.Expected);
    }

    private async Task<ExpectationResult> RunOneAsync(string expectation, params TableProfile[] extraTables) =>
        (await RunAsync($"expectations:\n  - {expectation}\n", extraTables)).Results.Single();

    private Task<ValidationReport> RunAsync(string suite, params TableProfile[] extraTables) =>
        RunOnTablesAsync(suite, [CustomersProfile, .. extraTables]);

    private Task<ValidationReport> RunOnTablesAsync(string suite, IReadOnlyList<TableProfile> tables)
    {
        var target = new ValidationTarget(new DatasetProfile { Tables = tables }, _files, LoadProfileAsync);
        return SuiteRunner.RunAsync(ValidationSuite.Parse(suite, "checks.yaml"), target);
    }

    private Task<DatasetProfile> LoadProfileAsync(long version, CancellationToken cancellationToken) =>
        _otherVersions.TryGetValue(version, out var profile)
            ? Task.FromResult(profile)
            : throw SlipwayException.NotFound($"Version {version} of dataset 'churn' does not exist.");
}
