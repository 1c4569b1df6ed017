using System.Net.Sockets;
using System.Runtime.InteropServices;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Common;

/// <summary>A connected stream socket (unix or TCP) as a port transport, with gathered writes.</summary>
public sealed class SocketTransport(Socket socket, bool readable = true) : IPortTransport
{
    private readonly List<ArraySegment<byte>> _segments = [];

    /// <summary>The socket.</summary>
    public Socket Socket { get; } = socket;

    /// <inheritdoc />
    public bool CanRead => readable;

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    /// <inheritdoc />
    public int TryWriteNow(ReadOnlySpan<byte> data) => NonBlockingSend.Send(Socket.SafeHandle, data);

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await Socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(IReadOnlyList<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken)
    {
        _segments.Clear();
        long total = 0;
        foreach (var piece in data)
        {
            if (!MemoryMarshal.TryGetArray(piece, out var segment))
                segment = new ArraySegment<byte>(piece.ToArray());
            _segments.Add(segment);
            total += segment.Count;
        }
        // One gathered send (writev) for everything queued; finish any remainder piece by piece.
        var sent = (long)await Socket.SendAsync(_segments, SocketFlags.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (sent == total)
            return;
        foreach (var piece in data)
        {
            if (sent >= piece.Length)
            {
                sent -= piece.Length;
                continue;
            }
            await WriteAsync(piece[(int)sent..], cancellationToken).ConfigureAwait(false);
            sent = 0;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already disconnected
        }
        catch (ObjectDisposedException)
        {
        }
        Socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
