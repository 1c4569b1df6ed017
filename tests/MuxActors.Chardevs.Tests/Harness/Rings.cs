using System.Text;
using Akka.Actor;
using Akka.TestKit;
using MuxActors.Chardevs.Sinks;
using MuxActors.TestSupport;

namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>Reaching ringbuf chardevs from a test (their references come from a <see cref="TappedKind"/>).</summary>
internal static class Rings
{
    /// <summary>Collects the references of <paramref name="count"/> tapped chardevs, by id.</summary>
    public static async Task<Dictionary<string, IActorRef>> TappedAsync(TestProbe taps, int count)
    {
        var found = new Dictionary<string, IActorRef>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var tapped = await taps.ExpectMsgAsync<ChardevTapped>();
            found[tapped.ChardevId] = tapped.Actor;
        }
        return found;
    }

    public static Task<RingbufContents> ReadAsync(IActorRef ring, int? maxBytes = null) =>
        ring.Ask<RingbufContents>(new ReadRingbuf(maxBytes), TestTimeouts.Dilated(TimeSpan.FromSeconds(5)));

    /// <summary>Waits until the ring has been written <paramref name="total"/> bytes; returns its contents then.</summary>
    public static async Task<RingbufContents> WaitForTotalAsync(IActorRef ring, long total)
    {
        RingbufContents? last = null;
        await Deadline.UntilAsync(async () => (last = await ReadAsync(ring)).TotalWritten >= total,
            $"ring {ring.Path.Name} has {total} bytes (has {last?.TotalWritten})");
        return last!;
    }

    public static string Text(this RingbufContents contents) => Encoding.Latin1.GetString(contents.Data);
}
