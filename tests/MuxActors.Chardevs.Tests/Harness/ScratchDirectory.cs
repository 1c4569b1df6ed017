namespace MuxActors.Chardevs.Tests.Harness;

/// <summary>A fresh directory under /tmp, short enough for unix socket paths, deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine("/tmp", "mxs-" + Guid.NewGuid().ToString("N")[..10])).FullName;

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a socket still being closed; /tmp is cleaned eventually
        }
    }
}
