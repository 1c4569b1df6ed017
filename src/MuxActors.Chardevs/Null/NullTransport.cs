using MuxActors.Chardevs.Common;

namespace MuxActors.Chardevs.Sinks;

/// <summary>A write-only transport that discards what it is given.</summary>
internal sealed class NullTransport : IPortTransport
{
    /// <inheritdoc />
    public bool CanRead => false;

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the null chardev produces no input");

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
