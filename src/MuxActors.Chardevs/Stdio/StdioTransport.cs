using MuxActors.Chardevs.Common;

namespace MuxActors.Chardevs.Stdio;

/// <summary>
/// A pair of streams (standard input and output) as a port transport. With <paramref name="outputOutlivesInput"/>,
/// the end of the input is not the end of the port: reads then wait until the transport is disposed, so output
/// keeps flowing (a backend whose standard input is /dev/null still shows the console).
/// </summary>
/// <remarks>
/// A read blocked in standard input cannot be woken by disposing the stream; the port session gives up on it at
/// disposal, and the thread stays parked until input arrives or the process exits. There is one stdio chardev at most.
/// </remarks>
internal sealed class StdioTransport(Stream input, Stream output, bool outputOutlivesInput) : IPortTransport
{
    /// <inheritdoc />
    public bool CanRead => true;

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var count = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (count == 0 && outputOutlivesInput)
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false); // not a sleep: waits for disposal
        return count;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await input.DisposeAsync().ConfigureAwait(false);
        await output.DisposeAsync().ConfigureAwait(false);
    }
}
