using System.Net.Sockets;
using Akka.Event;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Sockets;

/// <summary>
/// The listener of a <c>unix-server</c>: binds its socket file (replacing a stale one), applies the file mode before
/// accepting anyone, and removes the file at stop if it is still the one it created.
/// </summary>
internal sealed class UnixServerActor(ChardevSpec spec, PortContext context, UnixServerOptions options)
    : SocketServerActor(spec, context, options.Server)
{
    private UnixSocketFile.Identity? _boundFile;

    /// <inheritdoc />
    protected override Socket Bind(int backlog)
    {
        var path = options.Path;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"can't create the folder of unix socket {path}: {e.Message.TrimEnd('.')}", e);
        }
        if (UnixSocketFile.RemoveIfStale(path))
            Log.Warning("Chardev {Chardev}: replaced the stale socket file {Path} (nothing listened on it)", Spec.Id, path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new NonDeletingUnixEndPoint(path));
            _boundFile = UnixSocketFile.Identify(path);
            // Nobody can connect before listen(), so the mode is in place before the first client.
            File.SetUnixFileMode(path, options.Mode);
            listener.Listen(backlog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            RemoveOwnSocketFile();
            throw;
        }
    }

    /// <inheritdoc />
    protected override string DescribeBound(Socket listener) => "unix:" + options.Path;

    /// <inheritdoc />
    protected override string DescribePeer(Socket client) => UnixPeerCredentials.Describe(client);

    /// <inheritdoc />
    protected override void OnListenerClosed() => RemoveOwnSocketFile();

    private void RemoveOwnSocketFile()
    {
        if (_boundFile is not { } bound)
            return;
        _boundFile = null;
        try
        {
            if (UnixSocketFile.Identify(options.Path) is { } current && current.Device == bound.Device && current.Inode == bound.Inode)
                File.Delete(options.Path);
            else
                Log.Info("Chardev {Chardev}: {Path} was removed or replaced by someone else; leaving it alone", Spec.Id, options.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Warning("Chardev {Chardev}: could not remove {Path}: {Reason}", Spec.Id, options.Path, ex.Message);
        }
    }
}
