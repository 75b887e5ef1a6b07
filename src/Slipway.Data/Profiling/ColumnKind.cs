namespace Slipway.Data.Profiling;

/// <summary>How a column is profiled; the logical type names of <see cref="Core.Data.Profiles.ColumnProfile.Type"/>.</summary>
internal enum ColumnKind
{
    Integer,
    Float,
    Boolean,
    String,
    Date,
    Timestamp,
    Other,
}
