using System.Text;

namespace MuxActors.Posix.Tests;

/// <summary>Deadline-based helpers: tests wait for conditions, never for time.</summary>
internal static class TestIo
{
    /// <summary>A token that fires after <paramref name="seconds"/>: the failure deadline of a wait.</summary>
    public static CancellationToken Deadline(double seconds = 5)
        => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Reads exactly <paramref name="count"/> bytes or fails at EOF or the deadline.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, CancellationToken deadline)
    {
        var buffer = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(filled), deadline);
            if (n == 0)
            {
                throw new EndOfStreamException($"EOF after {filled} of {count} bytes.");
            }
            filled += n;
        }
        return buffer;
    }

    /// <summary>Reads text until it contains <paramref name="expected"/>; returns everything read.</summary>
    public static async Task<string> ReadUntilAsync(Stream stream, string expected, CancellationToken deadline)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(expected, StringComparison.Ordinal))
        {
            int n;
            try
            {
                n = await stream.ReadAsync(buffer, deadline);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Did not see '{Escape(expected)}' in time; got '{Escape(text.ToString())}'.");
            }
            if (n == 0)
            {
                throw new EndOfStreamException($"EOF before '{Escape(expected)}'; got '{Escape(text.ToString())}'.");
            }
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return text.ToString();
    }

    /// <summary>Reads until end of stream.</summary>
    public static async Task<string> ReadToEndAsync(Stream stream, CancellationToken deadline)
    {
        var bytes = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await stream.ReadAsync(buffer, deadline)) > 0)
        {
            bytes.Write(buffer, 0, n);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public static Task WriteAsync(Stream stream, string text, CancellationToken deadline)
        => stream.WriteAsync(Encoding.UTF8.GetBytes(text), deadline).AsTask();

    /// <summary>Awaits a task that must finish before the deadline.</summary>
    public static async Task<T> Within<T>(Task<T> task, double seconds = 5)
        => await task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static async Task Within(Task task, double seconds = 5)
        => await task.WaitAsync(TimeSpan.FromSeconds(seconds));

    public static byte[] AllByteValues(int repeats)
    {
        var data = new byte[256 * repeats];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)i;
        }
        return data;
    }

    private static string Escape(string s) => s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
