using Akka.Actor;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sinks;

/// <summary>
/// <c>ringbuf</c>: a backend that keeps the last <c>size</c> bytes of output in memory (default 64KiB), readable with
/// <see cref="ReadRingbuf"/>. It never holds the console back. It produces input only when told to with
/// <see cref="InjectInput"/> (and a BREAK with <see cref="InjectBreak"/>), which is how QEMU's hub tests drive it.
/// </summary>
public sealed class RingbufKind : IChardevKind
{
    private const long DefaultSize = 64 * 1024;
    private const long MaxSize = 1L << 30;

    /// <inheritdoc />
    public string Type => "ringbuf";


    /// <inheritdoc />

    public IReadOnlyCollection<string> OptionKeys { get; } = ["size"];

    /// <inheritdoc />
    public bool CanBeFrontend => false;

    /// <inheritdoc />
    public bool CanBeBackend => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(ChardevSpec spec, PortRole role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = ReadSize(spec);
        return [];
    }

    /// <inheritdoc />
    public Props CreateProps(ChardevSpec spec, PortContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var size = ReadSize(spec);
        return Props.Create(() => new RingbufActor(spec, context, size));
    }

    private static int ReadSize(ChardevSpec spec)
    {
        var size = spec.Options.GetBytes("size", DefaultSize);
        return size is > 0 and <= MaxSize
            ? (int)size
            : throw ChardevOptions.Error(spec.Options, "size", $"must be a positive size of at most 1GiB (was {size} bytes)");
    }
}
