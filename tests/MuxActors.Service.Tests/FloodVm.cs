using System.Net.Sockets;
using System.Text;

namespace MuxActors.Service.Tests;

/// <summary>A console that prints numbered lines as fast as they are read, until it is closed.</summary>
public sealed class FloodVm : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FloodVm(string path)
    {
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen();
        _loop = Task.Run(FloodAsync);
    }

    private async Task FloodAsync()
    {
        try
        {
            using var console = await _listener.AcceptAsync(_stop.Token);
            var line = 0L;
            var text = new StringBuilder();
            while (true)
            {
                text.Clear();
                while (text.Length < 4096)
                    text.Append("line ").Append(line++).Append('\n');
                await console.SendAsync(Encoding.ASCII.GetBytes(text.ToString()), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the service went away, or the test ended
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
