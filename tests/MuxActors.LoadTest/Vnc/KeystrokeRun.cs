using System.Net;

namespace MuxActors.LoadTest.Vnc;

/// <summary>Keystroke to pixels for one server and one number of viewers: latencies in milliseconds.</summary>
/// <param name="Server">Whose vc.</param>
/// <param name="Viewers">Viewers connected, all asking for updates.</param>
/// <param name="Typist">From the KeyEvent until the typing viewer's picture showed the echo.</param>
/// <param name="Slowest">From the KeyEvent until the last of the viewers showed it.</param>
/// <param name="Missed">Keys whose echo did not show in every viewer within the timeout.</param>
/// <param name="TypingCell">Where the letters were echoed.</param>
internal sealed record KeystrokeResult(string Server, int Viewers, List<double> Typist, List<double> Slowest, int Missed, string TypingCell);

/// <summary>
/// Keystroke to pixels: one viewer types a letter (KeyEvent down and up) at a prompt whose program echoes it in place;
/// every viewer decodes its updates, and the time is taken when its picture first shows that letter's glyph in the
/// typing cell. Then BackSpace erases it (the echo "\b \b", not timed) and, after a typist's pause of 20–40 ms, the
/// next letter follows, always a different one (the alphabet but 'f' and 'v', whose glyphs differ in QEMU's font). A Return first makes the program print a fresh prompt on a new row;
/// it is found by reading the picture (one more row starting with <c>prompt</c>, the cursor after it and a space).
/// </summary>
internal sealed class KeystrokeRun(CellReader reader, int keys, TimeSpan keyTimeout)
{
    private const int WarmUpKeys = 5;
    // QEMU's built-in VGA font draws 'f' and 'v' differently from Uni2-VGA16; the other letters are the same glyphs.
    private const string Letters = "abcdeghijklmnopqrstuwxyz";
    private const uint BackSpace = 0xFF08, Return = 0xFF0D;

    public async Task<KeystrokeResult> RunAsync(string server, IPEndPoint endPoint, int viewerCount, string prompt, int encoding)
    {
        var viewers = new List<RfbViewer>();
        Trial? current = null;
        try
        {
            for (int i = 0; i < viewerCount; i++)
            {
                var viewer = await RfbViewer.ConnectAsync(endPoint, encoding, decode: true, TimeSpan.FromSeconds(30));
                int index = i;
                viewer.UpdateApplied = (v, now) => Volatile.Read(ref current)?.Check(index, v, now);
                viewers.Add(viewer);
            }
            RfbViewer typist = viewers[0];
            await Until(() => viewers.All(v => v.Updates > 0), () => $"{server}: a viewer got no first update");
            // Return makes the program print a fresh prompt on the next row (the vc may have attached after the
            // first one was printed); the letters go after the new one, never an old one still on the screen.
            int prompts = PromptRows(typist, prompt).Count;
            await typist.KeyAsync(Return);
            int row = -1, col = prompt.Length + 1;
            await Until(() => PromptRows(typist, prompt) is { } rows && rows.Count == prompts + 1 && reader.IsSolid(typist, row = rows[^1], col),
                () => $"{server}: no new row starting with '{prompt}' with the cursor after it; the picture reads:\n{Rows(typist)}");
            var typistMs = new List<double>();
            var slowestMs = new List<double>();
            int missed = 0;
            var pause = new Random(7);
            for (int k = 0; k < WarmUpKeys + keys; k++)
            {
                char letter = Letters[k % Letters.Length];
                var echo = new Trial(viewers.Count, v => reader.Shows(v, row, col, letter));
                Volatile.Write(ref current, echo);
                long sent = Clock.Now;
                await typist.KeyAsync(letter);
                if (await echo.WaitAsync(keyTimeout))
                {
                    if (k >= WarmUpKeys)
                    {
                        typistMs.Add(Clock.Seconds(sent, echo.SeenAt(0)) * 1000);
                        slowestMs.Add(Clock.Seconds(sent, echo.LastSeen) * 1000);
                    }
                }
                else
                {
                    if (k >= WarmUpKeys)
                        missed++;
                    if (missed <= 2)
                        Console.WriteLine($"    {server}: '{letter}' not seen in time by {DescribeMisses(viewers, echo, row)}");
                }
                var erased = new Trial(viewers.Count, v => !reader.Shows(v, row, col, letter));
                Volatile.Write(ref current, erased);
                await typist.KeyAsync(BackSpace);
                if (!await erased.WaitAsync(keyTimeout))
                    throw new TimeoutException($"{server}: BackSpace did not erase '{letter}' in every viewer within {keyTimeout.TotalSeconds} s; the typing row reads '{reader.Row(typist, row)}'");
                await Task.Delay(20 + pause.Next(21)); // wait-ok: a typist's pause, longer than the server's 15 ms between updates
            }
            return new KeystrokeResult(server, viewerCount, typistMs, slowestMs, missed, $"row {row}, column {col}");
        }
        finally
        {
            foreach (var viewer in viewers)
                await viewer.DisposeAsync();
        }
    }

    // Which viewers missed an echo, what they got and what their typing row reads now.
    private string DescribeMisses(List<RfbViewer> viewers, Trial echo, int row) =>
        string.Join("; ", Enumerable.Range(0, viewers.Count).Where(i => echo.SeenAt(i) == 0).Select(i =>
            $"viewer {i} ({viewers[i].Updates} updates, row reads '{reader.Row(viewers[i], row)}'{(viewers[i].Ended is { } e ? ", ended: " + e : "")})"));

    private List<int> PromptRows(RfbViewer viewer, string prompt) =>
        [.. Enumerable.Range(0, viewer.Height / reader.CellHeight).Where(r => reader.Row(viewer, r).StartsWith(prompt, StringComparison.Ordinal))];

    private string Rows(RfbViewer viewer) =>
        string.Join('\n', Enumerable.Range(0, viewer.Height / reader.CellHeight).Select(r => "  |" + reader.Row(viewer, r)));

    /// <summary>Polls a condition on the viewers' pictures (set-up only, never a measurement) until a deadline.</summary>
    public static async Task Until(Func<bool> condition, Func<string> failure, double seconds = 30)
    {
        long deadline = Clock.Now + (long)(seconds * System.Diagnostics.Stopwatch.Frequency);
        while (!condition())
        {
            if (Clock.Now > deadline)
                throw new TimeoutException(failure());
            await Task.Delay(10); // wait-ok: polling a picture with a deadline
        }
    }

    /// <summary>One key's wait: when each viewer's picture first satisfied the condition.</summary>
    private sealed class Trial(int viewers, Func<RfbViewer, bool> done)
    {
        private readonly long[] _seen = new long[viewers];
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining = viewers;

        public long SeenAt(int viewer) => _seen[viewer];

        public long LastSeen => _seen.Max();

        // Called on viewer `index`'s read loop only, so its slot is never written twice at once.
        public void Check(int index, RfbViewer viewer, long now)
        {
            if (_seen[index] != 0 || !done(viewer))
                return;
            _seen[index] = now;
            if (Interlocked.Decrement(ref _remaining) == 0)
                _all.TrySetResult();
        }

        public async Task<bool> WaitAsync(TimeSpan timeout)
        {
            try
            {
                await _all.Task.WaitAsync(timeout);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }
}
