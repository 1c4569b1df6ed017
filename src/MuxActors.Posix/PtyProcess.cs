using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// A program running under a new pty, as session leader with the pty slave as its
/// controlling terminal and as stdin/stdout/stderr. It is started with posix_spawnp
/// (POSIX_SPAWN_SETSID + file actions), never fork, so no managed code runs in the child.
/// The child is reaped through a pidfd on the <see cref="FdPoller"/>; <see cref="Exited"/>
/// reports how it ended.
/// </summary>
public sealed class PtyProcess : IDisposable, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _killGrace;
    private readonly TaskCompletionSource<ChildExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _reaped;
    private int _disposed;
    private ITimer? _killTimer;

    private PtyProcess(Pty pty, int pid, PtyProcessOptions options)
    {
        Pty = pty;
        Pid = pid;
        _time = options.TimeProvider ?? TimeProvider.System;
        _killGrace = options.KillGrace;
    }

    /// <summary>The pty; read the child's output from and type into <see cref="Pty.Master"/>.</summary>
    public Pty Pty { get; }

    /// <summary>The master stream (same as <c>Pty.Master</c>).</summary>
    public PosixStream Terminal => Pty.Master;

    /// <summary>The child's process id (also its session and process group id).</summary>
    public int Pid { get; }

    /// <summary>Completes when the child has ended and been reaped.</summary>
    public Task<ChildExit> Exited => _exited.Task;

    /// <summary>Starts <see cref="PtyProcessOptions.Argv"/> under a new pty.</summary>
    /// <param name="options">What to run.</param>
    /// <returns>The running process.</returns>
    /// <exception cref="PosixException">The pty could not be made or the program not started (for example ENOENT).</exception>
    public static PtyProcess Start(PtyProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The window size goes on the master before the child exists, so the child's first TIOCGWINSZ sees it.
        Pty pty = Pty.Open(options.WindowSize, raw: false, options.Poller);
        try
        {
            int pid = PtySpawn.Spawn(options, pty.SlavePath);
            // The parent never opened the slave (the child opens it as a file action), so
            // there is no parent copy to close and master reads end when the child's side closes.
            var process = new PtyProcess(pty, pid, options);
            process.StartReaper(options.Poller ?? FdPoller.Shared, options.UseBlockingReaper);
            return process;
        }
        catch
        {
            pty.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the child, or to its whole process group.</summary>
    /// <param name="signal">The signal number, see <see cref="PosixSignals"/>.</param>
    /// <param name="processGroup">Signal the child's process group (its session's first group) instead of just the child.</param>
    /// <returns>False when the child was already reaped (nothing sent).</returns>
    /// <exception cref="PosixException">kill failed for another reason.</exception>
    public bool Kill(int signal = PosixSignals.SIGTERM, bool processGroup = false)
    {
        // Holding the gate keeps the reaper from reaping in between, so the pid cannot be reused under us.
        lock (_gate)
        {
            if (_reaped)
            {
                return false;
            }
            if (Libc.Kill(processGroup ? -Pid : Pid, signal) == 0)
            {
                return true;
            }
            int errno = Marshal.GetLastPInvokeError();
            return errno == Libc.ESRCH ? false : throw PosixException.FromErrno(errno, $"kill({signal})", $"pid {Pid}");
        }
    }

    /// <summary>Resizes the terminal; the child gets SIGWINCH.</summary>
    /// <param name="size">The new size.</param>
    public void Resize(WindowSize size) => Pty.SetWindowSize(size);

    /// <summary>
    /// Sends SIGHUP, SIGTERM and SIGCONT to the child's process group, arms SIGKILL after the
    /// grace period on the configured <see cref="TimeProvider"/>, and closes the pty. Returns
    /// at once; the child is still reaped in the background (see <see cref="Exited"/>).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (!_exited.Task.IsCompleted)
        {
            SignalGroupQuietly(PosixSignals.SIGHUP);
            SignalGroupQuietly(PosixSignals.SIGTERM);
            SignalGroupQuietly(PosixSignals.SIGCONT); // a stopped child would not act on TERM
            ITimer timer = _time.CreateTimer(_ => SignalGroupQuietly(PosixSignals.SIGKILL), null, _killGrace, Timeout.InfiniteTimeSpan);
            lock (_gate)
            {
                if (_reaped)
                {
                    timer.Dispose();
                }
                else
                {
                    _killTimer = timer;
                }
            }
        }
        Pty.Dispose();
    }

    private void SignalGroupQuietly(int signal)
    {
        try
        {
            Kill(signal, processGroup: true);
        }
        catch (PosixException)
        {
            // Dispose must not throw, and on the timer thread an exception would end the
            // process; a signal we may not send (EPERM after a setuid exec) shows in Exited.
        }
    }

    /// <summary>Disposes (see <see cref="Dispose"/>) and waits until the child is reaped.</summary>
    /// <returns>A task that completes after the child is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        try
        {
            await _exited.Task.ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Reaping failed (reported through Exited); nothing more to wait for.
        }
    }

    private void StartReaper(FdPoller poller, bool blocking)
    {
        nint pidfd = blocking ? -1 : Libc.Syscall((nint)Libc.SYS_pidfd_open, Pid, 0);
        if (pidfd >= 0)
        {
            _ = ReapWithPidfdAsync(new SafeFileHandle(pidfd, ownsHandle: true), poller);
        }
        else
        {
            // Kernels before 5.3: one thread blocked in waitid (not in read) per child.
            _ = Task.Factory.StartNew(ReapBlocking, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    private async Task ReapWithPidfdAsync(SafeFileHandle pidfd, FdPoller poller)
    {
        try
        {
            using (pidfd)
            using (FdRegistration registration = poller.Register(pidfd, $"pidfd of {Pid}"))
            {
                while (true)
                {
                    long version = registration.ReadVersion;
                    if (TryReap())
                    {
                        return;
                    }
                    await registration.WaitReadableAsync(version).ConfigureAwait(false);
                }
            }
        }
        catch (Exception error)
        {
            _exited.TrySetException(error);
        }
    }

    private unsafe void ReapBlocking()
    {
        try
        {
            byte* siginfo = stackalloc byte[128];
            while (!TryReap())
            {
                // WNOWAIT leaves the child waitable, so the reap itself still happens under the gate.
                if (Libc.Waitid(Libc.P_PID, Pid, siginfo, Libc.WEXITED | Libc.WNOWAIT) < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR)
                {
                    throw PosixException.FromLastError("waitid", $"pid {Pid}");
                }
            }
        }
        catch (Exception error)
        {
            _exited.TrySetException(error);
        }
    }

    /// <summary>waitpid(WNOHANG) under the gate; true once the child is reaped.</summary>
    private unsafe bool TryReap()
    {
        ChildExit exit;
        lock (_gate)
        {
            int status;
            int result;
            do
            {
                result = Libc.Waitpid(Pid, &status, Libc.WNOHANG);
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
            if (result == 0)
            {
                return false;
            }
            if (result < 0)
            {
                // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN, or a waitpid(-1) elsewhere).
                throw PosixException.FromLastError("waitpid", $"pid {Pid}");
            }
            _reaped = true;
            _killTimer?.Dispose();
            _killTimer = null;
            exit = ChildExit.FromWaitStatus(status);
        }
        _exited.TrySetResult(exit);
        return true;
    }
}
