namespace Slipway.Serving.Batch;

/// <summary>A column of the table being scored, with its type as DuckDB's DESCRIBE names it.</summary>
internal sealed record TableColumn(string Name, string Type)
{
    /// <summary>Integers, floating point and decimals: the columns a feature vector is taken from when the model's descriptor names none.</summary>
    public bool IsNumeric =>
        Type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT"
            or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT"
            or "FLOAT" or "DOUBLE"
        || Type.StartsWith("DECIMAL", StringComparison.Ordinal);

    public override string ToString() => $"{Name} ({Type})";
}
