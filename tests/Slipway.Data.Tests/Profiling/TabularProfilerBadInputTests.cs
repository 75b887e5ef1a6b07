using System.Globalization;
using System.Text;
using Slipway.Core.Errors;
using Slipway.Data.Profiling;

namespace Slipway.Data.Tests.Profiling;

/// <summary>Malformed, empty and row-less files are refused with a message that names the file and the line.</summary>
public sealed class TabularProfilerBadInputTests : IDisposable
{
    private readonly ProfilingDirectory _files = new();
    private readonly TabularProfiler _profiler = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, string, string> CorruptCsv => new()
    {
        { "a,b,c\n1,x,2020-01-01\n2,y,2020-01-02\n3,z\n4,w,2020-01-04\n", "line 4", "has 2 fields where the header has 3" },
        { "a,b,c\n1,x,2020-01-01\n2,y,2020-01-02,9\n4,w,2020-01-04\n", "line 3", "has 4 fields where the header has 3" },
        { "a,b\n1,\"x\n2,y\n3,z\n", "line 2", "a quoted value is never closed" },
        { Rows(30_000) + "30001,y,extra\n", "line 30002", "has 3 fields where the header has 2" },
        { Rows(30_000) + "30001\n", "line 30002", "has 1 fields where the header has 2" },
        { Rows(30_000) + "30001,\"never closed\n30002,z\n", "line 30002", "a quoted value is never closed" },
    };

    [Theory]
    [MemberData(nameof(CorruptCsv))]
    public void Corrupt_csv_is_refused_with_its_line(string text, string line, string why)
    {
        var error = Refused(_files.Write("bad.csv", text), "uploads/bad.csv", "csv");

        Assert.StartsWith("uploads/bad.csv is not valid CSV: " + line + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "line 5")]
    [InlineData(30_000, "line 30002")]
    public void Invalid_utf8_is_refused_with_its_line(int goodRows, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(Rows(goodRows)).Concat(new byte[] { (byte)'9', (byte)',', 0xff, 0xfe, (byte)'\n' }).ToArray();

        var error = Refused(_files.WriteBytes("latin.csv", bytes), "uploads/latin.csv", "csv");

        Assert.Equal($"uploads/latin.csv is not valid CSV: {line}: it is not valid UTF-8.", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_refused()
    {
        var error = Refused(_files.Write("fake.parquet", "id,name\n1,a\n"), "uploads/fake.parquet", "parquet");

        Assert.StartsWith("uploads/fake.parquet is not a valid Parquet file: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_files.Root, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parquet_file_damaged_inside_is_refused()
    {
        var parquet = File.ReadAllBytes(_files.ParquetFrom(_files.Write("big.csv", Rows(50_000)), "whole.parquet"));
        Array.Fill(parquet, (byte)0x5a, parquet.Length / 8, parquet.Length / 2);

        var error = Refused(_files.WriteBytes("damaged.parquet", parquet), "uploads/damaged.parquet", "parquet");

        Assert.StartsWith("uploads/damaged.parquet is not a valid Parquet file: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public void An_empty_file_is_refused(string format)
    {
        var error = Refused(_files.Write("empty." + format, ""), "uploads/empty." + format, format);

        Assert.Equal($"uploads/empty.{format} is empty (0 bytes): there is no table to profile.", error.Message);
    }

    [Fact]
    public void A_csv_header_without_rows_is_refused()
    {
        var error = Refused(_files.Write("header.csv", "id,name,price\n"), "uploads/header.csv", "csv");

        Assert.Equal("uploads/header.csv has a header but no rows: there is nothing to profile.", error.Message);
    }

    [Fact]
    public void A_parquet_file_without_rows_is_refused()
    {
        var csv = _files.Write("some.csv", "id,name\n1,a\n2,b\n");
        var parquet = _files.ParquetFrom(csv, "none.parquet", where: "false");

        var error = Refused(parquet, "uploads/none.parquet", "parquet");

        Assert.Equal("uploads/none.parquet has a schema but no rows: there is nothing to profile.", error.Message);
    }

    private SlipwayException Refused(string file, string manifestPath, string format)
    {
        var error = Assert.Throws<SlipwayException>(() => _profiler.Profile(file, manifestPath, format));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        return error;
    }

    /// <summary>A header and <paramref name="count"/> well-formed rows, so a fault after them lies past DuckDB's sample.</summary>
    private static string Rows(int count)
    {
        var text = new StringBuilder("id,name\n");
        for (var i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},x{i % 7}\n");
        }

        return text.ToString();
    }
}
