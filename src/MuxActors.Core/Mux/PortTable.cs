using Akka.Actor;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Output;
using MuxActors.Core.Protocol;

namespace MuxActors.Core.Mux;

/// <summary>
/// The open ports of a mux (a mux-be's or a mux-fe's), keyed by reference, and the two ways to reach one: its link
/// when it offered one (written at once, paused before its next read, no thread hand-off), else its mailbox.
/// </summary>
/// <remarks>
/// Ports are told apart by reference: an actor's reference is one object for its whole life, restarts included,
/// and Akka's own equality compares whole paths, which on every chunk and every client showed in profiles.
/// </remarks>
internal sealed class PortTable(IActorRef owner) : Dictionary<IActorRef, MuxPort>(ByReference)
{
    /// <summary>The comparer of every port-keyed collection of a mux.</summary>
    public static IEqualityComparer<IActorRef> ByReference { get; } = ReferenceEqualityComparer.Instance;

    /// <summary>Sends <paramref name="write"/> to <paramref name="port"/>; returns the bytes written at once (acknowledged by that).</summary>
    public int Write(IActorRef port, WriteData write)
    {
        if (TryGetValue(port, out var entry) && entry.Info.Link is { } link)
        {
            var written = link.WriteOrEnqueue(write);
            entry.BytesOut += written;
            return written;
        }
        port.Tell(write, owner);
        return 0;
    }

    /// <summary>Sends a notice line to <paramref name="port"/>, in order with its data.</summary>
    public void Write(IActorRef port, WriteNotice notice)
    {
        if (TryGetValue(port, out var entry) && entry.Info.Link is { } link)
            link.TryEnqueue(notice);
        else
            port.Tell(notice, owner);
    }

    /// <summary>
    /// Backpressure on a port's reads: through its link when it has one, so the pause holds before the port's next
    /// read even while the port actor waits for a thread; else as a message. One port always gets both the same way,
    /// so a pause and a resume cannot overtake each other.
    /// </summary>
    public void SetReading(IActorRef port, bool paused)
    {
        if (TryGetValue(port, out var entry) && entry.Info.Link is { } link)
            link.SetPaused(paused);
        else
            port.Tell(paused ? PauseReading.Instance : ResumeReading.Instance, owner);
    }

    /// <summary>Every port as <c>muxctl show</c> and the API report it, with its sink's lag and drops.</summary>
    public PortStatus[] Describe(OutputFanout<IActorRef> fanout)
    {
        var head = fanout.Log.Head;
        return [.. this.Select(p =>
        {
            var sink = fanout.Sinks.GetValueOrDefault(p.Key);
            return new PortStatus(p.Value.Info.ChardevId, p.Value.Info.Role.ToString().ToLowerInvariant(), p.Value.Info.Peer,
                p.Value.BytesIn, p.Value.BytesOut, sink?.LagBehind(head) ?? 0, sink?.Dropped ?? 0,
                sink is null ? "-" : sink.Options.Policy.ToString().ToLowerInvariant(), p.Value.Since);
        })];
    }
}

/// <summary>One open port of a mux: what it said of itself on opening and its byte counts.</summary>
internal sealed class MuxPort(PortInfo info, DateTimeOffset since, ChardevSpec? spec = null)
{
    public PortInfo Info { get; } = info;
    public DateTimeOffset Since { get; } = since;

    /// <summary>The configured backend it belongs to; <c>null</c> for consoles and ad-hoc attaches.</summary>
    public ChardevSpec? Spec { get; } = spec;
    public long BytesIn { get; set; }
    public long BytesOut { get; set; }

    /// <summary>The offset of the next input byte written to it (a mux-fe's consoles each count their own).</summary>
    public long InputOffset { get; set; }
}
