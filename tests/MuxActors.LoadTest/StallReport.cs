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
            Threads(text, "relay", pid);
        Threads(text, "load tool", Environment.ProcessId);
        return text.ToString();
    }

    private static void Threads(StringBuilder text, string who, int pid)
    {
        text.Append(Fmt.I($"    {who} threads (pid {pid}): name, state, wait channel, system call\n"));
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                var stat = Read(task, "stat");
                var state = stat.LastIndexOf(')') is var close and > 0 && close + 2 < stat.Length ? stat[close + 2].ToString() : "?";
                text.Append(Fmt.I($"      {Path.GetFileName(task)} {Read(task, "comm")} {state} {Read(task, "wchan")} {Read(task, "syscall").Split(' ')[0]}\n"));
            }
        }
        catch (IOException)
        {
            text.Append("      (gone)\n");
        }
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
