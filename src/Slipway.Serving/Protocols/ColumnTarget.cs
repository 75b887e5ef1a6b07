namespace Slipway.Serving.Protocols;

/// <summary>
/// Where a dataframe column goes: the model input it feeds (-1: none, the column is ignored) and its position in that
/// input's row, or -1 when each cell holds the whole row as nested lists.
/// </summary>
internal readonly record struct ColumnTarget(int Input, int Offset);
