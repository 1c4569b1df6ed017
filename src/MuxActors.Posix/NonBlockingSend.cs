using System.Runtime.InteropServices;
using MuxActors.Posix.Interop;

namespace MuxActors.Posix;

/// <summary>
/// A socket send that never waits, for a caller that must not block (an actor's thread): as much as the kernel takes
/// now, or nothing. Errors are not reported here; the caller falls back to its ordinary asynchronous send, which
/// reports them.
/// </summary>
public static unsafe class NonBlockingSend
{
    /// <summary>send(2) with MSG_DONTWAIT | MSG_NOSIGNAL on a connected stream socket; the bytes sent, 0 if none.</summary>
    public static int Send(SafeHandle socket, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (data.IsEmpty)
            return 0;
        var added = false;
        try
        {
            // The reference keeps the descriptor number from being closed, and reused by another file, mid-call.
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            fixed (byte* p = data)
            {
                while (true)
                {
                    var n = Libc.Send(fd, p, data.Length, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
                    if (n >= 0)
                        return (int)n;
                    if (Marshal.GetLastPInvokeError() != Libc.EINTR)
                        return 0;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return 0; // closed meanwhile: the queued send finds out
        }
        finally
        {
            if (added)
                socket.DangerousRelease();
        }
    }
}
