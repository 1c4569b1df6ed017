using System.Diagnostics;

namespace MuxActors.Service.Tests.Guest;

/// <summary>A QEMU guest as a child process; stopped (killed) at the end, what it printed kept for failure messages.</summary>
internal sealed class GuestProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;

    private GuestProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <paramref name="line"/>: the program, then its arguments.</summary>
    public static GuestProcess Start(IReadOnlyList<string> line) =>
        new(Process.Start(new ProcessStartInfo(line[0], line.Skip(1))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        }) ?? throw new InvalidOperationException($"{line[0]} did not start"));

    /// <summary>Kills the guest if it still runs; returns what it printed.</summary>
    public async Task<string> StopAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        return (await _output + await _errors).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
