using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MuxActors.LoadTest;

/// <summary>The peers (socat, ser2net): found, or installed with apt-get; and facts about the machine for the report.</summary>
internal static class Peers
{
    private static readonly string[] s_extraDirs = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

    public static string? Socat { get; private set; }

    public static string? Ser2net { get; private set; }

    /// <summary>What happened, for the report.</summary>
    public static List<string> Notes { get; } = [];

    public static void EnsureInstalled()
    {
        Socat = Which("socat");
        Ser2net = Which("ser2net");
        if (Socat is null || Ser2net is null)
        {
            var missing = string.Join(' ', new[] { ("socat", Socat), ("ser2net", Ser2net) }.Where(p => p.Item2 is null).Select(p => p.Item1));
            Console.WriteLine($"installing {missing} with apt-get");
            var (code, output) = Run("apt-get", ["install", "-y", "-q", .. missing.Split(' ')]);
            if (code != 0)
            {
                Run("apt-get", ["update", "-q"]);
                (code, output) = Run("apt-get", ["install", "-y", "-q", .. missing.Split(' ')]);
            }
            Notes.Add(code == 0 ? $"installed {missing} with apt-get" : $"apt-get install {missing} failed (exit {code}): {output.Trim().Split('\n').LastOrDefault()}");
            Socat = Which("socat");
            Ser2net = Which("ser2net");
        }
        if (Socat is null)
            Notes.Add("socat is not available: its columns are empty");
        if (Ser2net is null)
            Notes.Add("ser2net is not available: its columns are empty");
    }

    public static string SocatVersion => Socat is null ? "missing" : FirstLine(Run(Socat, ["-V"]).Output, "version") ?? "?";

    public static string Ser2netVersion => Ser2net is null ? "missing" : FirstLine(Run(Ser2net, ["-v"]).Output, "version") ?? "?";

    private static string? FirstLine(string text, string prefix) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains(prefix, StringComparison.Ordinal))?.Split('/').Last();

    /// <summary>The program <paramref name="name"/> on PATH or in the sbin directories, else null.</summary>
    public static string? Which(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(s_extraDirs);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    public static (int Code, string Output) Run(string file, string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
                info.ArgumentList.Add(arg);
            info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}

internal static class Machine
{
    public static IReadOnlyList<(string Key, string Value)> Describe()
    {
        var cpu = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memoryKb = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim().Split(' ')[0];
        var memory = long.TryParse(memoryKb, System.Globalization.CultureInfo.InvariantCulture, out var kb) ? Fmt.I($"{kb / 1048576.0:0.0} GiB") : "?";
        var os = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "?";
        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault() ?? "?";
        var load = ReadLines("/proc/loadavg").FirstOrDefault() ?? "?";
        var commit = Peers.Run("git", ["describe", "--always", "--dirty"]);
        return
        [
            ("CPU", $"{cpu}, {Environment.ProcessorCount} cores available"),
            ("memory", memory),
            ("OS", $"{os}, kernel {kernel}"),
            (".NET", RuntimeInformation.FrameworkDescription),
            ("socat", Peers.SocatVersion),
            ("ser2net", Peers.Ser2netVersion),
            ("open files (soft, hard)", Proc.SoftNoFileLimit()),
            ("load average at start", load),
            ("commit", commit.Code == 0 ? commit.Output.Trim() : "?"),
            ("extra mux options", Relays.ExtraMuxOptions.Length > 0 ? "`" + Relays.ExtraMuxOptions + "`" : "none (defaults)"),
            ("extra service options", Relays.ExtraServiceOptions.Length > 0 ? "`" + Relays.ExtraServiceOptions + "`" : "none (defaults)"),
            ("muxactors.dll", Environment.GetEnvironmentVariable("MUXACTORS_LOADTEST_DLL") is { Length: > 0 } ? Relays.MuxActorsDll : "the Release build next to the tool"),
        ];
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
