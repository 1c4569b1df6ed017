using System.Runtime.InteropServices;
using System.Text;

namespace MuxActors.Posix;

/// <summary>NUL-terminated UTF-8 strings and NULL-terminated arrays of them in native memory, freed together.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<nint> _blocks = [];

    /// <summary>Copies <paramref name="value"/> as a NUL-terminated UTF-8 string.</summary>
    internal byte* String(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{value.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character.", nameof(value));
        }
        int length = Encoding.UTF8.GetByteCount(value);
        byte* p = (byte*)Allocate(length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, length));
        p[length] = 0;
        return p;
    }

    /// <summary>Builds a char*[] ending in NULL, as argv and envp are.</summary>
    internal byte** Array(IReadOnlyCollection<string> values)
    {
        byte** array = (byte**)Allocate((values.Count + 1) * sizeof(byte*));
        int i = 0;
        foreach (string value in values)
        {
            array[i++] = String(value);
        }
        array[i] = null;
        return array;
    }

    public void Dispose()
    {
        foreach (nint block in _blocks)
        {
            NativeMemory.Free((void*)block);
        }
        _blocks.Clear();
    }

    private void* Allocate(int bytes)
    {
        void* p = NativeMemory.Alloc((nuint)bytes);
        _blocks.Add((nint)p);
        return p;
    }
}
