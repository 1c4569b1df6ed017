namespace MuxActors.Vnc.Rfb;

// The write loop: server messages (updates, colour map, bells, resize refusals), in the client's format and encoding.
internal sealed partial class RfbConnection
{
    private string? _writeError;

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var wire = new WireWriter();
        using var zrle = new ZrleEncoder();
        PixelTranslator? translator = null;
        var pacer = new UpdatePacer(_options);
        try
        {
            while (true)
            {
                await _viewer!.WaitAsync(cancellationToken).ConfigureAwait(false);
                wire.Clear();
                PixelFormat format;
                int encoding, refusals;
                bool requested, colourMap, cursor, desktopSize, lastRect;
                lock (_lock)
                {
                    (format, encoding, requested, lastRect) = (_format, _encoding, _requested, _lastRect);
                    (colourMap, cursor, desktopSize, refusals) = (_colourMapDue, _cursorDue, _desktopSizeDue, _resizeRefusals);
                    _colourMapDue = false;
                    _resizeRefusals = 0;
                }
                if (translator?.Format != format)
                    translator = new PixelTranslator(format);
                if (colourMap)
                    WriteColourMap(wire);
                if (_console.TakeBells(_viewer) > 0)
                    wire.Byte(2);   // Bell: one for all the BELs since the last
                for (int i = 0; i < refusals; i++)
                    WriteResizeRefusal(wire);
                if (requested)
                {
                    TimeSpan wait = pacer.Wait(_console.Flooding(_viewer));
                    if (wait > TimeSpan.Zero)
                    {
                        // Too soon after the last update: send what is ready, let more changes gather, then go on.
                        await SendAsync(wire, cancellationToken).ConfigureAwait(false);
                        await Task.Delay(wait, _options.Time, cancellationToken).ConfigureAwait(false);
                    }
                    long start = pacer.Start();
                    UpdateBatch? batch = _console.TakeUpdate(_viewer);
                    if (batch is not null || cursor || desktopSize)
                    {
                        lock (_lock)
                        {
                            _requested = false;
                            _cursorDue &= !cursor;
                            _desktopSizeDue &= !desktopSize;
                        }
                        WriteUpdate(wire, translator, zrle, encoding, batch, cursor, desktopSize, lastRect);
                        pacer.Written(start, _console.ViewerCount);
                    }
                }
                await SendAsync(wire, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The read loop ends when the stream goes.
            _writeError = ex.Message;
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask SendAsync(WireWriter wire, CancellationToken cancellationToken)
    {
        if (wire.Count == 0)
            return;
        await _stream.WriteAsync(wire.Written, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        wire.Clear();
    }

    // With LastRect the count says 65535 and a LastRect rectangle ends the update, as the viewer asked (see docs/vnc.md).
    private void WriteUpdate(WireWriter w, PixelTranslator translator, ZrleEncoder zrle, int encoding, UpdateBatch? batch,
        bool cursor, bool desktopSize, bool lastRect)
    {
        PixelFormat f = translator.Format;
        int count = (batch?.Copies.Count ?? 0) + (batch?.Rects.Count ?? 0) + (cursor ? 1 : 0) + (desktopSize ? 1 : 0);
        w.Byte(0);
        w.Byte(0);
        w.U16(lastRect ? ushort.MaxValue : count);
        if (desktopSize)
            WriteDesktopSize(w, reason: 0, status: 0);
        if (cursor)
        {
            // An empty cursor: one transparent pixel, so viewers draw no pointer over the text.
            w.RectHeader(0, 0, 1, 1, Encodings.Cursor);
            w.Pixel(f, 0, f.BytesPerPixel);
            w.Byte(0);
        }
        if (batch is not null)
        {
            foreach (CopyMove copy in batch.Copies)
            {
                w.RectHeader(copy.Destination.X, copy.Destination.Y, copy.Destination.Width, copy.Destination.Height, Encodings.CopyRect);
                w.U16(0);
                w.U16(copy.SourceY);
            }
            // Translated in place: the pixels are this viewer's copy. Most viewers ask for xRGB, the framebuffer's own.
            Span<uint> values = batch.Pixels.AsSpan(0, batch.Rects.Sum(r => r.Area));
            if (!translator.IsIdentity)
                translator.TranslateAll(values, values);
            int at = 0;
            foreach (var rect in batch.Rects)
            {
                var pixels = values.Slice(at, rect.Area);
                at += rect.Area;
                w.RectHeader(rect.X, rect.Y, rect.Width, rect.Height, encoding);
                switch (encoding)
                {
                    case Encodings.Zrle: zrle.Encode(w, f, pixels, rect.Width, rect.Height); break;
                    case Encodings.Hextile: SimpleEncoders.Hextile(w, f, pixels, rect.Width, rect.Height); break;
                    default: SimpleEncoders.Raw(w, f, pixels); break;
                }
            }
        }
        if (lastRect)
            w.RectHeader(0, 0, 0, 0, Encodings.LastRect);
    }

    // The screen's size is fixed: a SetDesktopSize is answered "prohibited" (reason 1: this client asked; status 1).
    private void WriteResizeRefusal(WireWriter w)
    {
        w.Byte(0);
        w.Byte(0);
        w.U16(1);
        WriteDesktopSize(w, reason: 1, status: 1);
    }

    private void WriteDesktopSize(WireWriter w, int reason, int status)
    {
        w.RectHeader(reason, status, _console.Width, _console.Height, Encodings.ExtendedDesktopSize);
        w.Byte(1);          // one screen
        w.Byte(0);
        w.U16(0);
        w.U32(0);           // screen id
        w.U16(0);
        w.U16(0);
        w.U16(_console.Width);
        w.U16(_console.Height);
        w.U32(0);           // flags
    }

    private static void WriteColourMap(WireWriter w)
    {
        w.Byte(1);
        w.Byte(0);
        w.U16(0);
        w.U16(256);
        foreach (var (r, g, b) in PixelTranslator.ColourMap())
        {
            w.U16(r);
            w.U16(g);
            w.U16(b);
        }
    }
}
