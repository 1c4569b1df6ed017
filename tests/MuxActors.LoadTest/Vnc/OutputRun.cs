using System.Net;

namespace MuxActors.LoadTest.Vnc;

/// <summary>One <c>cat</c> of the text file through one service.</summary>
/// <param name="WithVc">The mux had the vc (and its viewers) or not.</param>
/// <param name="Seconds">From the command until the marker after the file reached the socket client.</param>
/// <param name="ServiceCpu">CPU seconds of the service during the run.</param>
/// <param name="ConsoleCpu">CPU seconds of the shell and its cat.</param>
/// <param name="ToolCpu">CPU seconds of this tool (the socket client and the viewers' read loops).</param>
/// <param name="ViewerBytes">Bytes all viewers received.</param>
/// <param name="ViewerUpdates">Updates all viewers received.</param>
internal sealed record OutputSample(bool WithVc, double Seconds, double ServiceCpu, double ConsoleCpu, double ToolCpu, long ViewerBytes, long ViewerUpdates);

/// <summary>
/// Sustained output: a shell under a pty is the console of two services, one whose mux has a vc with viewers attached
/// (all asking for incremental updates after every update, counting bytes without decoding) and one without the vc;
/// both have the socket client that sends the commands and reads everything. Each run `cat`s the file and echoes a
/// marker; the services take turns within every round, in alternating order.
/// </summary>
internal sealed class OutputRun(string textFile, long fileBytes)
{
    private int _runs;

    public List<OutputSample> Samples { get; } = [];

    public async Task RunRoundsAsync(Target without, Target with, IReadOnlyList<RfbViewer> viewers, int rounds)
    {
        for (int round = -1; round < rounds; round++)   // round -1 warms up (JIT, page cache) and is not kept
        {
            Target[] order = round % 2 == 0 ? [without, with] : [with, without];
            foreach (Target target in order)
            {
                OutputSample sample = await RunOnceAsync(target, target == with ? viewers : []);
                Console.WriteLine(Fmt.I($"    round {round}: {(sample.WithVc ? "with vc   " : "without vc")} {fileBytes / sample.Seconds / 1e6:0.0} MB/s, service {sample.ServiceCpu:0.00} s CPU, shell+cat {sample.ConsoleCpu:0.00} s, tool {sample.ToolCpu:0.00} s, viewers {sample.ViewerUpdates} updates {sample.ViewerBytes / 1e6:0.0} MB; load {VncBench.Load()}"));
                if (round >= 0)
                    Samples.Add(sample);
            }
        }
    }

    private async Task<OutputSample> RunOnceAsync(Target target, IReadOnlyList<RfbViewer> viewers)
    {
        string marker = Fmt.I($"MARK{++_runs:D4}");
        long bytesBefore = viewers.Sum(v => v.BytesRead), updatesBefore = viewers.Sum(v => (long)v.Updates);
        double service = target.Service.CpuSeconds(), console = target.Service.ChildrenCpuSeconds(), tool = Proc.CpuSeconds(Environment.ProcessId);
        var (seconds, _) = await target.Shell.RunAsync($"cat {textFile}; echo {marker[..2]}''{marker[2..]}", marker, TimeSpan.FromMinutes(10));
        return new OutputSample(target.HasVc, seconds,
            target.Service.CpuSeconds() - service, target.Service.ChildrenCpuSeconds() - console,
            Proc.CpuSeconds(Environment.ProcessId) - tool,
            viewers.Sum(v => v.BytesRead) - bytesBefore, viewers.Sum(v => (long)v.Updates) - updatesBefore);
    }

    /// <summary>A service and its socket client.</summary>
    internal sealed record Target(VncService Service, ShellClient Shell, bool HasVc)
    {
        public IPEndPoint VncEndPoint => Service.VncEndPoint;
    }
}
