using System.Net.Sockets;

namespace MuxActors.TestSupport.Processes;

/// <summary>A stand-in for a VM console: a unix socket server that echoes every byte back, one connection at a time.</summary>
public sealed class EchoVm : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;

    public EchoVm(string path)
    {
        Path = path;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen();
        _loop = Task.Run(LoopAsync);
    }

    public string Path { get; }

    private async Task LoopAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                using var client = await _listener.AcceptAsync(_cts.Token);
                while (true)
                {
                    var n = await client.ReceiveAsync(buffer, SocketFlags.None, _cts.Token);
                    if (n == 0)
                        break;
                    await client.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _cts.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Dispose();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        _cts.Dispose();
        File.Delete(Path);
    }
}
