namespace Slipway.Serving.Protocols;

/// <summary>
/// Where a value came from, for the start of an error message: "Input 'x'", "Instance 2, input 'x'",
/// "Column 'age', row 3 (line 5)". Built as a small struct and formatted only when an error is thrown, so the
/// readers allocate nothing for it per row. Rows, instances and elements count from 0, as list indexes do.
/// </summary>
internal readonly struct ValueLocation
{
    private readonly Place _place;
    private readonly string _name;
    private readonly int _row;
    private readonly int _line;

    private ValueLocation(Place place, string name, int row, int line)
    {
        _place = place;
        _name = name;
        _row = row;
        _line = line;
    }

    private enum Place
    {
        Input,
        Instance,
        Cell,
    }

    public static ValueLocation Input(string name) => new(Place.Input, name, 0, 0);

    public static ValueLocation Instance(int instance, string input) => new(Place.Instance, input, instance, 0);

    /// <summary>A dataframe cell; <paramref name="line"/> is the CSV line, or 0 for JSON.</summary>
    public static ValueLocation Cell(string column, int row, int line = 0) => new(Place.Cell, column, row, line);

    public override string ToString() => _place switch
    {
        Place.Input => $"Input '{_name}'",
        Place.Instance => $"Instance {_row}, input '{_name}'",
        _ when _line > 0 => $"Column '{_name}', row {_row} (line {_line})",
        _ => $"Column '{_name}', row {_row}",
    };
}
