namespace MuxActors.Vnc.Rendering;

/// <summary>A true-colour picture: <see cref="Width"/> × <see cref="Height"/> pixels, each <c>0x00RRGGBB</c>, row after row.</summary>
public sealed class Framebuffer
{
    /// <summary>A black picture of the given size.</summary>
    public Framebuffer(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = new uint[width * height];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, <c>0x00RRGGBB</c>, row-major.</summary>
    public uint[] Pixels { get; }

    /// <summary>The pixel at <paramref name="x"/>, <paramref name="y"/>.</summary>
    public uint this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>One row of pixels.</summary>
    public Span<uint> Row(int y) => Pixels.AsSpan(y * Width, Width);

    /// <summary>Copies <paramref name="rect"/>'s pixels, row after row, into <paramref name="destination"/>.</summary>
    public void CopyOut(PixelRect rect, Span<uint> destination)
    {
        for (int y = 0; y < rect.Height; y++)
            Pixels.AsSpan(((rect.Y + y) * Width) + rect.X, rect.Width).CopyTo(destination.Slice(y * rect.Width, rect.Width));
    }

    /// <summary>Moves the pixel rows <paramref name="source"/>..+<paramref name="count"/> to start at <paramref name="destination"/>.</summary>
    internal void MoveRows(int source, int destination, int count) =>
        Pixels.AsSpan(source * Width, count * Width).CopyTo(Pixels.AsSpan(destination * Width, count * Width));
}

/// <summary>A rectangle of pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width; positive.</param>
/// <param name="Height">Height; positive.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>Pixels covered.</summary>
    public int Area => Width * Height;
}
