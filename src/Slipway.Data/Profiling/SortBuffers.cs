namespace Slipway.Data.Profiling;

/// <summary>
/// The two arrays a worker sorts one column's keys in, kept from column to column: fresh 8 MB arrays for every
/// column of a million rows cost page faults and garbage collections worth about a tenth of the sort.
/// </summary>
internal sealed class SortBuffers
{
    private ulong[] _keys = [];
    private ulong[] _scratch = [];

    /// <summary>Room for <paramref name="count"/> keys, and as much scratch space; both overwritten by the next call.</summary>
    public (ulong[] Keys, ulong[] Scratch) Rent(int count)
    {
        if (_keys.Length < count)
        {
            _keys = GC.AllocateUninitializedArray<ulong>(count);
            _scratch = GC.AllocateUninitializedArray<ulong>(count);
        }

        return (_keys, _scratch);
    }
}
