using Akka.Actor;
using Akka.Event;
using MuxActors.Chardevs.Common;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;
using MuxActors.Core.Time;

namespace MuxActors.Chardevs.Sinks;

/// <summary>
/// The actor of a <c>file</c> chardev: opens the file at start (so the console is captured with no client attached),
/// flushes it on a timer and at stop. An I/O failure fails the actor, so the mux reopens the file with backoff; a
/// reopened file is always appended to, even with <c>append = off</c>, so a restart never erases the log.
/// </summary>
internal sealed class FileActor : PortActor
{
    private readonly FileSinkOptions _options;
    private FileTransport? _file;
    private bool _restarted;

    public FileActor(ChardevSpec spec, PortContext context, FileSinkOptions options)
        : base(spec, context)
    {
        _options = options;
    }

    /// <summary>Opening the file, its periodic flush and a flush that failed.</summary>
    protected override bool OnKindMessage(object message)
    {
        switch (message)
        {
            case OpenFile: Open(); return true;
            case FlushFile: FlushInBackground(); return true;
            case FlushFailed failed: OnFlushFailed(failed); return true;
            default: return false;
        }
    }

    // Opening happens in a message, not in PreStart: a failure there would stop the actor for good, while a failure
    // in a message handler makes the mux restart it with backoff. The message is the first the actor handles.
    /// <inheritdoc />
    protected override void PreStart() => Self.Tell(OpenFile.Instance);

    /// <inheritdoc />
    protected override void PostRestart(Exception reason)
    {
        _restarted = true;
        base.PostRestart(reason);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        base.PostStop(); // writes what is still queued, then closes (and flushes) the file, in the background
        try
        {
            // What was acknowledged reaches the file now, even if the process exits before that close completes.
            _file?.Flush();
        }
        catch (IOException ex)
        {
            Log.Warning("Chardev {Chardev}: flushing {Path} at stop failed: {Reason}", Spec.Id, _options.Path, ex.Message);
        }
        _file = null;
    }

    /// <inheritdoc />
    protected override void OnTransportEnded(string reason, Exception? error) =>
        throw new IOException($"chardev '{Spec.Id}': {_options.Path}: {reason}", error);

    private void Open()
    {
        var path = _options.Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var append = _options.Append || _restarted;
        var atLineStart = !append || EndsWithCompleteLine(path);
        // A console log can hold anything typed or printed (passwords included): a new one is readable by the owner only.
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = append ? FileMode.Append : FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 64 * 1024,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        _file = new FileTransport(stream, _options.Timestamps ? Context.System.Clock() : null, atLineStart);
        Attach(_file, "file:" + path);
        Timers.StartPeriodicTimer(FlushFile.Instance, FlushFile.Instance, _options.FlushInterval);
    }

    private void OnFlushFailed(FlushFailed failed)
    {
        // A restart keeps the mailbox: a failure of the file an earlier instance had open must not fail this one.
        if (ReferenceEquals(failed.File, _file))
            throw new IOException($"chardev '{Spec.Id}': flushing {_options.Path} failed: {failed.Error.Message}", failed.Error);
    }

    private void FlushInBackground()
    {
        if (_file is not { } file)
            return;
        var self = Self;
        _ = Task.Run(() =>
        {
            try
            {
                file.Flush();
            }
            catch (ObjectDisposedException)
            {
                // closed at stop meanwhile; the close flushed it
            }
            catch (Exception ex)
            {
                self.Tell(new FlushFailed(file, ex));
            }
        });
    }

    private static bool EndsWithCompleteLine(string path)
    {
        try
        {
            using var existing = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (existing.Length == 0)
                return true;
            existing.Seek(-1, SeekOrigin.End);
            return existing.ReadByte() == '\n';
        }
        catch (FileNotFoundException)
        {
            return true;
        }
    }

    private sealed record OpenFile
    {
        public static OpenFile Instance { get; } = new();
    }

    private sealed record FlushFile
    {
        public static FlushFile Instance { get; } = new();
    }

    private sealed record FlushFailed(FileTransport File, Exception Error);
}
