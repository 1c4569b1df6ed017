using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;

namespace MuxActors.Chardevs.Sinks;

/// <summary>The options of a <c>file</c> chardev.</summary>
/// <param name="Path">Absolute path of the log file.</param>
/// <param name="Append">Keep what the file holds (<c>append = on</c>, the default) or truncate it at start-up.</param>
/// <param name="Timestamps">Prefix every line with the local time it started at.</param>
/// <param name="FlushInterval">How often buffered output is pushed to the file (<c>flush-interval</c>, default 1s).</param>
internal sealed record FileSinkOptions(string Path, bool Append, bool Timestamps, TimeSpan FlushInterval)
{
    public static FileSinkOptions Read(ChardevSpec spec)
    {
        var options = spec.Options;
        var interval = options.GetDuration("flush-interval", TimeSpan.FromSeconds(1));
        if (interval <= TimeSpan.Zero)
            throw ChardevOptions.Error(options, "flush-interval", "must be a positive duration");
        return new FileSinkOptions(ChardevOptions.ResolvePath(options, "path"), options.GetBoolean("append", true),
            options.GetBoolean("timestamps", false), interval);
    }
}
