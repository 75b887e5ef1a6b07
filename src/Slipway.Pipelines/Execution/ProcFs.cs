using System.Buffers.Text;
using System.IO.Enumeration;

namespace Slipway.Pipelines.Execution;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the executor uses (proc(5) numbering in the comments).</summary>
internal readonly record struct ProcStat(
    int ProcessId,
    char State, // 3
    int ProcessGroupId, // 5
    long UserTicks, // 14
    long SystemTicks, // 15
    long StartTime, // 22
    long ResidentPages) // 24
{
    public bool IsZombie => State is 'Z' or 'X' or 'x';

    public long CpuTicks => UserTicks + SystemTicks;
}

/// <summary>
/// Reads process state from Linux's <c>/proc</c> without allocating per process: each <c>stat</c> file is read into a
/// stack buffer and parsed in place.
/// </summary>
internal static class ProcFs
{
    private static readonly EnumerationOptions AllEntries = new() { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };

    public static readonly long PageSize = Environment.SystemPageSize;

    /// <summary>Reads <c>/proc/&lt;pid&gt;/stat</c>; false when there is no such process (or it vanished while being read).</summary>
    public static bool TryReadStat(int processId, out ProcStat stat)
    {
        stat = default;
        Span<byte> buffer = stackalloc byte[1024];
        int length;
        try
        {
            using var handle = File.OpenHandle($"/proc/{processId}/stat");
            length = RandomAccess.Read(handle, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return TryParseStat(buffer[..length], out stat);
    }

    /// <summary>Parses one <c>stat</c> line: <c>pid (comm) state ppid pgrp ...</c>, where comm may hold spaces and parentheses.</summary>
    public static bool TryParseStat(ReadOnlySpan<byte> line, out ProcStat stat)
    {
        stat = default;
        var open = line.IndexOf((byte)'(');
        var close = line.LastIndexOf((byte)')');
        if (open <= 0 || close < open || !Utf8Parser.TryParse(line[..(open - 1)], out int pid, out _))
        {
            return false;
        }

        // Fields from 3 (state) on, separated by single spaces.
        var rest = line[(close + 1)..].TrimStart((byte)' ');
        char state = '?';
        int pgrp = 0;
        long utime = 0, stime = 0, start = 0, rss = 0;
        var field = 3;
        while (!rest.IsEmpty && field <= 24)
        {
            var space = rest.IndexOf((byte)' ');
            var value = space < 0 ? rest : rest[..space];
            rest = space < 0 ? [] : rest[(space + 1)..];
            switch (field)
            {
                case 3:
                    state = value.IsEmpty ? '?' : (char)value[0];
                    break;
                case 5 when !Utf8Parser.TryParse(value, out pgrp, out _):
                case 14 when !Utf8Parser.TryParse(value, out utime, out _):
                case 15 when !Utf8Parser.TryParse(value, out stime, out _):
                case 22 when !Utf8Parser.TryParse(value, out start, out _):
                case 24 when !Utf8Parser.TryParse(value, out rss, out _):
                    return false;
            }

            field++;
        }

        if (field <= 24)
        {
            return false;
        }

        stat = new ProcStat(pid, state, pgrp, utime, stime, start, rss);
        return true;
    }

    /// <summary>The ids of all processes now in <c>/proc</c>.</summary>
    public static IEnumerable<int> ProcessIds() =>
        new FileSystemEnumerable<int>("/proc", static (ref entry) => int.Parse(entry.FileName, provider: null), AllEntries)
        {
            ShouldIncludePredicate = static (ref entry) => entry.IsDirectory && IsAllDigits(entry.FileName),
        };

    /// <summary>Every live (not zombie) process whose process group is <paramref name="processGroupId"/>.</summary>
    public static List<ProcStat> GroupMembers(int processGroupId)
    {
        var members = new List<ProcStat>();
        foreach (var pid in ProcessIds())
        {
            if (TryReadStat(pid, out var stat) && stat.ProcessGroupId == processGroupId && !stat.IsZombie)
            {
                members.Add(stat);
            }
        }

        return members;
    }

    /// <summary>
    /// One pass over <c>/proc</c>: adds each live process's resident pages to its process group's entry in
    /// <paramref name="pagesByGroup"/>, for the groups that have one.
    /// </summary>
    public static void AddResidentPagesByGroup(Dictionary<int, long> pagesByGroup)
    {
        foreach (var pid in ProcessIds())
        {
            if (TryReadStat(pid, out var stat) && !stat.IsZombie && pagesByGroup.TryGetValue(stat.ProcessGroupId, out var pages))
            {
                pagesByGroup[stat.ProcessGroupId] = pages + stat.ResidentPages;
            }
        }
    }

    /// <summary>True when some live process is in the group (a zombie waiting for a reaper does not count).</summary>
    public static bool GroupHasLiveMember(int processGroupId, long startedNoEarlierThan = 0)
    {
        foreach (var pid in ProcessIds())
        {
            if (TryReadStat(pid, out var stat) && stat.ProcessGroupId == processGroupId && !stat.IsZombie
                && stat.StartTime >= startedNoEarlierThan)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>MemTotal</c> from <c>/proc/meminfo</c>, in bytes; 0 when it cannot be read.</summary>
    public static long MemTotalBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    var parts = line["MemTotal:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return parts.Length >= 1 && long.TryParse(parts[0], out var kib) ? kib * 1024 : 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
