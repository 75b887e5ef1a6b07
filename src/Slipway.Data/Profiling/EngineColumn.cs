namespace Slipway.Data.Profiling;

/// <summary>
/// A column as DuckDB describes it, and the expression that hands its values to the profiler in one of the few Arrow
/// shapes the accumulators read: BIGINT or DOUBLE for numbers, DATE, microseconds since the epoch for timestamps,
/// BOOLEAN, and VARCHAR for strings and everything else.
/// </summary>
internal sealed record EngineColumn(string Name, string SourceType, ColumnKind Kind, bool TimeZone)
{
    /// <summary>The logical type name of <see cref="Core.Data.Profiles.ColumnProfile.Type"/>.</summary>
    public string LogicalType => Kind switch
    {
        ColumnKind.Integer => "integer",
        ColumnKind.Float => "float",
        ColumnKind.Boolean => "boolean",
        ColumnKind.String => "string",
        ColumnKind.Date => "date",
        ColumnKind.Timestamp => "timestamp",
        _ => "other",
    };

    public string Projection
    {
        get
        {
            var column = DuckDbSql.Identifier(Name);
            return Kind switch
            {
                // Integers wider than BIGINT go through DOUBLE rather than fail on their largest values.
                ColumnKind.Integer when SourceType is "HUGEINT" or "UBIGINT" or "UHUGEINT" => $"CAST({column} AS DOUBLE)",
                ColumnKind.Integer => $"CAST({column} AS BIGINT)",
                ColumnKind.Float => $"CAST({column} AS DOUBLE)",
                ColumnKind.Date or ColumnKind.Boolean => column,
                ColumnKind.Timestamp => $"epoch_us({column})",
                _ => $"CAST({column} AS VARCHAR)",
            };
        }
    }

    /// <summary>Maps a DuckDB type name (as DESCRIBE prints it) to how the column is profiled.</summary>
    public static EngineColumn Of(string name, string sourceType)
    {
        var kind = sourceType switch
        {
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT"
                or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT" => ColumnKind.Integer,
            "FLOAT" or "DOUBLE" => ColumnKind.Float,
            _ when sourceType.StartsWith("DECIMAL", StringComparison.Ordinal) => ColumnKind.Float,
            "BOOLEAN" => ColumnKind.Boolean,
            "VARCHAR" => ColumnKind.String,
            _ when sourceType.StartsWith("ENUM", StringComparison.Ordinal) => ColumnKind.String,
            "DATE" => ColumnKind.Date,
            "TIMESTAMP" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" or "TIMESTAMP WITH TIME ZONE" => ColumnKind.Timestamp,
            _ => ColumnKind.Other,
        };
        return new EngineColumn(name, sourceType, kind, sourceType == "TIMESTAMP WITH TIME ZONE");
    }
}
