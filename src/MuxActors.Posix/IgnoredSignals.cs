using System.Globalization;

namespace MuxActors.Posix;

/// <summary>
/// Signals this process inherited as ignored. A service started under <c>nohup</c> (or by a parent that ignores
/// SIGHUP) keeps SIGHUP ignored: the .NET runtime does not take over a signal that was ignored at start, so a
/// <c>PosixSignalRegistration</c> for it never runs and reloads on SIGHUP silently stop working.
/// </summary>
public static class IgnoredSignals
{
    /// <summary>Whether <paramref name="signal"/> is ignored in this process (false where /proc is not there).</summary>
    public static bool IsIgnored(int signal)
    {
        try
        {
            return IsIgnored(File.ReadAllText("/proc/self/status"), signal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads the <c>SigIgn:</c> mask of a <c>/proc/PID/status</c> text (bit N-1 is signal N).</summary>
    public static bool IsIgnored(string procStatus, int signal)
    {
        ArgumentNullException.ThrowIfNull(procStatus);
        ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(signal, 64);
        foreach (var line in procStatus.Split('\n'))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
                return (mask & (1UL << (signal - 1))) != 0;
        }
        return false;
    }
}
