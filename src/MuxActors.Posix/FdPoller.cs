using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// One epoll loop on a dedicated background thread for many non-blocking descriptors.
/// Descriptors are registered edge-triggered for input and output once; each readiness
/// edge bumps a version number on the <see cref="FdRegistration"/> and completes whoever
/// waits. No thread ever blocks in read() or write(): callers try the syscall first and
/// wait only after EAGAIN (see <see cref="FdRegistration"/> for the race-free protocol).
/// </summary>
public sealed unsafe class FdPoller : IDisposable
{
    private const int MaxEvents = 64;
    private const ulong WakeToken = 0;

    private static readonly Lazy<FdPoller> SharedInstance = new(() => new FdPoller("FdPoller.Shared", isShared: true));

    private readonly SafeFileHandle _epoll;
    private readonly SafeFileHandle _wake;
    private readonly Thread _thread;
    private readonly ConcurrentDictionary<ulong, FdRegistration> _registrations = new();
    private long _nextToken;
    private readonly bool _isShared;
    private volatile bool _disposed;

    /// <summary>Creates a poller with its own epoll instance and thread.</summary>
    public FdPoller()
        : this("FdPoller", isShared: false)
    {
    }

    private FdPoller(string threadName, bool isShared)
    {
        _isShared = isShared;
        int epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (epoll < 0)
        {
            throw PosixException.FromLastError("epoll_create1", null);
        }
        _epoll = new SafeFileHandle(epoll, ownsHandle: true);

        int wake = Libc.Eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wake < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            _epoll.Dispose();
            throw PosixException.FromErrno(errno, "eventfd", null);
        }
        _wake = new SafeFileHandle(wake, ownsHandle: true);
        Control(Libc.EPOLL_CTL_ADD, _wake, Libc.EPOLLIN, WakeToken, "eventfd");

        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>The process-wide poller; it lives as long as the process and is never disposed.</summary>
    public static FdPoller Shared => SharedInstance.Value;

    /// <summary>The number of descriptors currently registered.</summary>
    public int Count => _registrations.Count;

    /// <summary>
    /// Registers a descriptor for input and output readiness. The descriptor should be
    /// non-blocking; it must stay open until the returned registration is disposed.
    /// </summary>
    /// <param name="fd">The descriptor to watch.</param>
    /// <param name="name">A name (usually a path) used in error messages.</param>
    /// <param name="armOnWait">
    /// Watch the descriptor only while someone waits on it (one-shot, re-armed by each wait), instead of reporting
    /// every edge. For descriptors that are often read or written by a thread that waits on its own (see
    /// <see cref="SocketIo"/>): their edges would otherwise wake this poller for nothing.
    /// </param>
    /// <returns>The registration to wait on.</returns>
    /// <exception cref="PosixException">epoll refused the descriptor (for example a regular file).</exception>
    public FdRegistration Register(SafeFileHandle fd, string? name = null, bool armOnWait = false)
    {
        ArgumentNullException.ThrowIfNull(fd);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ulong token = (ulong)Interlocked.Increment(ref _nextToken);
        var registration = new FdRegistration(this, fd, token, name, armOnWait);
        _registrations[token] = registration;
        try
        {
            var events = armOnWait ? Libc.EPOLLONESHOT : Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;
            Control(Libc.EPOLL_CTL_ADD, fd, events, token, name);
        }
        catch
        {
            _registrations.TryRemove(token, out _);
            throw;
        }
        return registration;
    }

    /// <summary>
    /// Stops the thread and fails every pending wait with <see cref="ObjectDisposedException"/>.
    /// Does nothing on <see cref="Shared"/>.
    /// </summary>
    public void Dispose()
    {
        if (_isShared || _disposed)
        {
            return;
        }
        _disposed = true;
        Signal(_wake);
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
        foreach (FdRegistration registration in _registrations.Values)
        {
            registration.Dispose();
        }
        _wake.Dispose();
        _epoll.Dispose();
    }

    /// <summary>Removes a registration; called by <see cref="FdRegistration.Dispose"/>.</summary>
    internal void Unregister(FdRegistration registration)
    {
        if (!_registrations.TryRemove(registration.Token, out _))
        {
            return;
        }
        // Tokens, not fd numbers, identify registrations, so a late event for a closed
        // and reused fd number is ignored; DEL here just keeps the interest list small.
        try
        {
            if (!_epoll.IsClosed && !registration.Handle.IsClosed)
            {
                Libc.EpollCtl(_epoll, Libc.EPOLL_CTL_DEL, registration.Handle, null);
            }
        }
        catch (ObjectDisposedException)
        {
            // The descriptor was closed first: the kernel already dropped it from the set.
        }
    }

    /// <summary>Arms a one-shot registration for the given directions (level-triggered: fires at once if ready).</summary>
    internal void Arm(FdRegistration registration, bool read, bool write)
    {
        var events = Libc.EPOLLONESHOT | (read ? Libc.EPOLLIN | Libc.EPOLLRDHUP : 0) | (write ? Libc.EPOLLOUT : 0);
        Control(Libc.EPOLL_CTL_MOD, registration.Handle, events, registration.Token, registration.Name);
    }

    private void Control(int operation, SafeFileHandle fd, uint events, ulong token, string? name)
    {
        byte* ev = stackalloc byte[16];
        Unsafe.WriteUnaligned(ev, events);
        Unsafe.WriteUnaligned(ev + Libc.EpollDataOffset, token);
        if (Libc.EpollCtl(_epoll, operation, fd, ev) < 0)
        {
            throw PosixException.FromLastError("epoll_ctl", name);
        }
    }

    private static void Signal(SafeFileHandle eventFd)
    {
        ulong one = 1;
        Libc.Write(eventFd, (byte*)&one, sizeof(ulong));
    }

    private void Run()
    {
        int size = Libc.EpollEventSize;
        byte* events = (byte*)NativeMemory.Alloc((nuint)(size * MaxEvents));
        try
        {
            while (!_disposed)
            {
                int count = Libc.EpollWait(_epoll, events, MaxEvents, -1);
                if (count < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }
                    FailAll(PosixException.FromErrno(errno, "epoll_wait", null));
                    return;
                }
                for (int i = 0; i < count; i++)
                {
                    byte* ev = events + (i * size);
                    uint flags = Unsafe.ReadUnaligned<uint>(ev);
                    ulong token = Unsafe.ReadUnaligned<ulong>(ev + Libc.EpollDataOffset);
                    if (token == WakeToken)
                    {
                        ulong value;
                        Libc.Read(_wake, (byte*)&value, sizeof(ulong));
                    }
                    else if (_registrations.TryGetValue(token, out FdRegistration? registration))
                    {
                        registration.OnEvents(flags);
                    }
                }
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    private void FailAll(Exception error)
    {
        foreach (FdRegistration registration in _registrations.Values)
        {
            registration.Fail(error);
        }
    }
}
