namespace Slipway.Bench;

/// <summary>
/// When the constant-rate generator sends what, in <see cref="System.Diagnostics.Stopwatch"/> timestamps: connection
/// <c>c</c> of <see cref="Connections"/> sends its <c>k</c>-th request at <c>Start + (c + k·Connections)·Interval</c>,
/// so that together the connections send one request every <see cref="Interval"/>. Requests scheduled before
/// <see cref="MeasureFrom"/> warm up and are not recorded; none is scheduled at or after <see cref="End"/>.
/// </summary>
internal readonly record struct OpenLoopSchedule(long Start, double Interval, int Connections, long MeasureFrom, long End)
{
    public long At(int connection, long k) => Start + (long)((connection + (k * Connections)) * Interval);
}
