using System.Globalization;
using System.Text;

namespace MuxActors.LoadTest;

/// <summary>
/// What a stalled run leaves for whoever reads the log: where the bytes sit (the unix sockets' queues, from ss) and
/// what every thread of the relay and of this tool is waiting in (their state, kernel wait channel and system call).
/// </summary>
internal static class StallReport
{
    public static string Describe(string socketDirectory, int? relayPid)
    {
        var text = new StringBuilder();
        var (_, sockets) = Peers.Run("ss", ["-x", "-a", "-p"]);
        text.Append("    sockets (ss -xap, lines naming the run's directory):\n");
        foreach (var line in sockets.Split('\n').Where(l => l.Contains(socketDirectory, StringComparison.Ordinal)))
            text.Append("      ").Append(line.Trim()).Append('\n');
        if (relayPid is { } pid)
        {
            Threads(text, "relay", pid);
            ManagedStacks(text, pid);
        }
        Threads(text, "load tool", Environment.ProcessId);
        return text.ToString();
    }

    private static void Threads(StringBuilder text, string who, int pid)
    {
        text.Append(Fmt.I($"    {who} threads (pid {pid}): id, name, state, nice, CPU ticks, wait channel, system call\n"));
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                // stat(5) after the name in parentheses: state is field 3, utime and stime 14 and 15, nice 19.
                var stat = Read(task, "stat");
                var fields = stat.LastIndexOf(')') is var close and > 0 ? stat[(close + 2)..].Split(' ') : [];
                var (state, ticks, nice) = fields.Length > 16
                    ? (fields[0], (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture), fields[16])
                    : ("?", "?", "?");
                text.Append(Fmt.I($"      {Path.GetFileName(task)} {Read(task, "comm")} {state} {nice} {ticks} {Read(task, "wchan")} {Read(task, "syscall").Split(' ')[0]}\n"));
            }
        }
        catch (IOException)
        {
            text.Append("      (gone)\n");
        }
    }

    /// <summary>
    /// Two seconds of the relay's managed stacks, waiting threads included (dotnet-trace's thread-time sampling), into a
    /// file that outlives the run's directory; only when dotnet-trace is installed (`dotnet tool install -g dotnet-trace`).
    /// </summary>
    private static void ManagedStacks(StringBuilder text, int pid)
    {
        var globalTool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet/tools/dotnet-trace");
        var tool = Peers.Which("dotnet-trace") ?? (File.Exists(globalTool) ? globalTool : null);
        if (tool is null)
            return;
        var output = Path.Combine(Path.GetTempPath(), Fmt.I($"mxlt-stall-{pid}.nettrace"));
        var (code, _) = Peers.Run(tool, ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
            "--duration", "00:00:00:02", "--format", "Speedscope", "-o", output]);
        text.Append(Fmt.I($"    relay's managed stacks: {(code == 0 ? Path.ChangeExtension(output, ".speedscope.json") : "dotnet-trace failed")}\n"));
    }

    private static string Read(string directory, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, file)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
