using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Pty;

/// <summary>
/// Tells pty actors when a program opens or closes their slave device, so they can look at the master's hang-up
/// state right then instead of polling it. One inotify instance serves the whole process (the per-user limit on
/// instances is small, 128 by default, while watches are plentiful); its descriptor is read through the shared
/// <see cref="FdPoller"/>, so no thread waits in read().
/// </summary>
/// <remarks>
/// An event is only a hint to re-check: the kernel reports a close just before the tty driver runs its close
/// handler, so the state read at that moment can still be "open". Readers of the master see the hang-up anyway
/// (end of stream), so nothing is lost.
/// </remarks>
internal sealed class SlaveOpenWatcher
{
    private const uint Mask = Inotify.IN_OPEN | Inotify.IN_CLOSE_WRITE | Inotify.IN_CLOSE_NOWRITE;
    private static readonly Lock s_sharedLock = new();
    private static SlaveOpenWatcher? s_shared;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, List<Action<bool>>> _watches = [];
    private readonly PosixStream _stream;
    private bool _failed;

    private SlaveOpenWatcher()
    {
        var fd = Inotify.Init(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
        if (fd < 0)
            throw Error("inotify_init1", null);
        _stream = new PosixStream(new SafeFileHandle(fd, ownsHandle: true), "inotify (pty slaves)");
        _ = ReadLoopAsync();
    }

    /// <summary>The process-wide watcher; creating it is retried on the next call if it failed.</summary>
    public static SlaveOpenWatcher Shared
    {
        get
        {
            lock (s_sharedLock)
                return s_shared ??= new SlaveOpenWatcher();
        }
    }

    /// <summary>
    /// Calls <paramref name="onActivity"/> (on a pool thread) whenever <paramref name="path"/> is opened or closed,
    /// with <c>true</c> if the watcher broke down and no more calls will come.
    /// </summary>
    /// <exception cref="PosixException">The watch could not be added (for example the watch limit was reached).</exception>
    public IDisposable Watch(string path, Action<bool> onActivity)
    {
        lock (_lock)
        {
            if (_failed)
                throw new IOException("The inotify watcher of pty slaves has failed.");
            var wd = Inotify.AddWatch(_stream.Handle, path, Mask);
            if (wd < 0)
                throw Error("inotify_add_watch", path);
            if (!_watches.TryGetValue(wd, out var callbacks))
                _watches[wd] = callbacks = [];
            callbacks.Add(onActivity);
            return new Registration(this, wd, onActivity);
        }
    }

    private void Unwatch(int wd, Action<bool> onActivity)
    {
        lock (_lock)
        {
            if (!_watches.TryGetValue(wd, out var callbacks) || !callbacks.Remove(onActivity) || callbacks.Count > 0)
                return;
            _watches.Remove(wd);
            _ = Inotify.RemoveWatch(_stream.Handle, wd); // EINVAL when the device is already gone: nothing to undo
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await _stream.ReadAsync(buffer).ConfigureAwait(false);
                if (n == 0)
                    throw new IOException("inotify returned end of file");
                foreach (var (callback, lost) in Dispatch(buffer.AsSpan(0, n)))
                    callback(lost);
            }
        }
        catch (Exception)
        {
            List<Action<bool>> everyone;
            lock (_lock)
            {
                _failed = true;
                everyone = [.. _watches.Values.SelectMany(c => c)];
                _watches.Clear();
            }
            foreach (var callback in everyone)
                callback(true);
        }
    }

    /// <summary>Decodes a batch of events into the callbacks to run (run outside the lock).</summary>
    private List<(Action<bool> Callback, bool Lost)> Dispatch(ReadOnlySpan<byte> events)
    {
        var calls = new List<(Action<bool>, bool)>();
        lock (_lock)
        {
            while (events.Length >= Inotify.EventHeaderSize)
            {
                var wd = BinaryPrimitives.ReadInt32LittleEndian(events);
                var mask = BinaryPrimitives.ReadUInt32LittleEndian(events[4..]);
                var nameLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(events[12..]);
                events = events[Math.Min(events.Length, Inotify.EventHeaderSize + nameLength)..];
                if ((mask & Inotify.IN_Q_OVERFLOW) != 0)
                {
                    // Events were dropped: everyone re-checks.
                    calls.AddRange(_watches.Values.SelectMany(c => c).Select(c => (c, false)));
                    continue;
                }
                if (!_watches.TryGetValue(wd, out var callbacks))
                    continue;
                calls.AddRange(callbacks.Select(c => (c, false)));
                if ((mask & Inotify.IN_IGNORED) != 0)
                    _watches.Remove(wd); // the kernel dropped the watch (device removed)
            }
        }
        return calls;
    }

    private static PosixException Error(string call, string? path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var where = path is null ? "" : $" for '{path}'";
        return new PosixException(errno, $"{call} failed{where}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", path);
    }

    private sealed class Registration(SlaveOpenWatcher owner, int wd, Action<bool> onActivity) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Unwatch(wd, onActivity);
        }
    }
}
