using System.Buffers.Binary;
using System.Text;
using MuxActors.TestSupport;
using MuxActors.Vnc.Rfb;

namespace MuxActors.Vnc.Tests;

public sealed class RfbServerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Raw = 0, CopyRect = 1, Hextile = 5, Zrle = 16, Cursor = -239, ExtendedDesktopSize = -308;

    [Theory]
    [InlineData("RFB 003.003\n")]
    [InlineData("RFB 003.007\n")]
    [InlineData("RFB 003.008\n")]
    [InlineData("RFB 003.005\n")]
    public async Task Each_protocol_version_reaches_the_server_init(string version)
    {
        await using var rig = new RfbRig();
        await using var viewer = await TestRfbClient.ConnectAsync(rig.EndPoint);
        await viewer.HandshakeAsync(version);
        Assert.Equal((640, 384, "MuxActors console"), (viewer.Width, viewer.Height, viewer.Name));
        await rig.LoggedAsync($"connected (RFB 3.{(version[10] == '5' ? 3 : version[10] - '0')}, no password)");
    }

    [Fact]
    public async Task Vnc_authentication_admits_the_password_and_refuses_another_with_a_reason()
    {
        await using var rig = new RfbRig(o => o with { Auth = new VncAuth("secret") });
        await using (var good = await TestRfbClient.ConnectAsync(rig.EndPoint))
            await good.HandshakeAsync(password: "secret");
        await using var bad = await TestRfbClient.ConnectAsync(rig.EndPoint);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => bad.HandshakeAsync(password: "guess"));
        Assert.Equal("security failed: authentication failed", refused.Message);
        await rig.LoggedAsync("refused: wrong password");
        Assert.DoesNotContain(rig.Log, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Raw)]
    [InlineData(Hextile)]
    [InlineData(Zrle)]
    public async Task Updates_in_each_encoding_rebuild_the_server_picture_with_copyrect_for_scrolls(int encoding)
    {
        await using var rig = new RfbRig();
        await using var viewer = await rig.ViewerAsync(encoding, CopyRect, Cursor);
        var random = new Random(encoding);
        string[] pieces = ["text ", "\r\n", "\u001b[1;31mred\u001b[0m", "\u001b[44m blue \u001b[0m", "\u001b[3;20r\u001b[20;1H\n\n", "\u001b[r",
            "\u001b[7mrev\u001b[0m", "\u001b[H\u001b[2L", "─┼█▒", string.Concat(Enumerable.Repeat("line\r\n", 30))];
        for (int step = 0; step < 40; step++)
        {
            for (int i = random.Next(1, 6); i > 0; i--)
                rig.Console.Feed(Encoding.UTF8.GetBytes(pieces[random.Next(pieces.Length)]));
            rig.Console.Feed(Encoding.UTF8.GetBytes($"<{step}>"));   // something always changes, so an update comes
            await viewer.RequestAsync(incremental: true);
            await viewer.ReadUpdateAsync();
            Assert.True(viewer.Pixels.AsSpan().SequenceEqual(rig.Console.Picture.Pixels), $"the viewer's picture differs after step {step}");
        }
        Assert.Contains(encoding, viewer.RectEncodings);
        Assert.Contains(CopyRect, viewer.RectEncodings);
        Assert.Contains(Cursor, viewer.RectEncodings);
    }

    [Fact]
    public async Task A_screen_of_text_costs_a_fraction_of_raw_in_zrle_and_hextile()
    {
        await using var rig = new RfbRig();
        for (int row = 0; row < 24; row++)
            rig.Console.Feed(Encoding.ASCII.GetBytes($"\u001b[{row + 1};1H{row:D2} the quick brown fox jumps over the lazy dog \u001b[1;3{row % 8}m0123456789\u001b[0m"));
        long Cost(TestRfbClient viewer) => viewer.BytesRead;
        await using var raw = await rig.ViewerAsync(Raw);
        await using var hextile = await rig.ViewerAsync(Hextile);
        await using var zrle = await rig.ViewerAsync(Zrle);
        Assert.True(raw.Pixels.AsSpan().SequenceEqual(zrle.Pixels) && raw.Pixels.AsSpan().SequenceEqual(hextile.Pixels));
        output.WriteLine($"one 80x24 screen of text: raw {Cost(raw)} bytes, hextile {Cost(hextile)}, zrle {Cost(zrle)}");
        Assert.True(Cost(raw) > 640 * 384 * 4, $"raw: {Cost(raw)} bytes");
        Assert.True(Cost(zrle) * 20 < Cost(raw), $"zrle: {Cost(zrle)} bytes against raw {Cost(raw)}");
        Assert.True(Cost(hextile) * 4 < Cost(raw), $"hextile: {Cost(hextile)} bytes against raw {Cost(raw)}");
    }

    [Fact]
    public async Task A_16_bit_big_endian_format_and_a_colour_map_are_honoured()
    {
        await using var rig = new RfbRig();
        rig.Console.Feed("\u001b[?25l\u001b[1;31m\u2588"u8);   // a bright red full block
        await using var rgb565 = await TestRfbClient.ConnectAsync(rig.EndPoint);
        await rgb565.HandshakeAsync();
        await rgb565.SetPixelFormatAsync(new PixelFormat(16, 16, true, true, 31, 63, 31, 11, 5, 0));
        await rgb565.SetEncodingsAsync(Raw);
        await rgb565.RequestAsync(incremental: false);
        await rgb565.ReadUpdateAsync();
        Assert.Equal(0xF800u, rgb565.Pixels[0]);
        Assert.Equal(0u, rgb565.Pixels[8]);

        await using var mapped = await TestRfbClient.ConnectAsync(rig.EndPoint);
        await mapped.HandshakeAsync();
        await mapped.SetPixelFormatAsync(new PixelFormat(8, 8, false, false, 0, 0, 0, 0, 0, 0));
        await mapped.SetEncodingsAsync(Raw);
        await mapped.RequestAsync(incremental: false);
        await mapped.ReadUpdateAsync();
        Assert.Equal(256, mapped.ColourMap.Count);
        Assert.Equal((0xFFFF, 0, 0), mapped.ColourMap[(int)mapped.Pixels[0]]);
        Assert.Equal((0, 0, 0), mapped.ColourMap[(int)mapped.Pixels[8]]);
    }

    [Fact]
    public async Task Keys_and_pastes_are_typed_the_way_the_guest_asked()
    {
        await using var rig = new RfbRig();
        await using var viewer = await rig.ViewerAsync();
        rig.Console.Feed("\u001b[?1h\u001b[?2004h"u8);
        foreach (uint key in new uint[] { 'l', 's', 0xFF0D, 0xFF52 })
        {
            await viewer.KeyAsync(true, key);
            await viewer.KeyAsync(false, key);
        }
        await rig.TypedAsync("ls\r\u001bOA");
        await viewer.CutTextAsync("echo a\necho b");
        await rig.TypedAsync("ls\r\u001bOA\u001b[200~echo a\recho b\u001b[201~");
    }

    [Fact]
    public async Task Terminal_queries_are_answered_only_while_the_console_is_the_muxs_answerer()
    {
        await using var rig = new RfbRig();
        await using var viewer = await rig.ViewerAsync();
        rig.Console.Feed("\u001b[6n\u001b[c\u001b[>c\u001b[5n"u8);   // DSR, DA1, DA2, status: not the answerer, so no answer
        await viewer.KeyAsync(true, 'x');
        await rig.TypedAsync("x");                                        // the key alone reached the console
        Assert.False(rig.Console.Inspect(s => s.HasReplies));
        rig.Console.Answering = true;
        rig.Console.Feed("ab\u001b[6n"u8);
        await rig.TypedAsync("x\u001b[1;3R");                            // one answer: the cursor after "ab"
    }

    [Fact]
    public async Task A_read_only_console_ignores_keys_and_pastes()
    {
        await using var rig = new RfbRig(o => o with { ReadOnly = true });
        await using var viewer = await rig.ViewerAsync();
        await viewer.KeyAsync(true, 'x');
        await viewer.CutTextAsync("rm -rf /");
        rig.Console.Feed("\a"u8);
        Assert.Equal(2, await viewer.ReadMessageAsync());   // the bell comes after the key and paste were handled
        Assert.Equal("", rig.Typed);
    }

    [Fact]
    public async Task Bell_rings_and_a_resize_is_refused()
    {
        await using var rig = new RfbRig();
        await using var viewer = await rig.ViewerAsync(Zrle, ExtendedDesktopSize);
        rig.Console.Feed("\a"u8);
        Assert.Equal(2, await viewer.ReadMessageAsync());
        await viewer.RequestAsync(incremental: false);
        await viewer.ReadUpdateAsync();
        Assert.Equal([(0, 0)], viewer.DesktopSizes);          // announced once: the screen layout
        var resize = new byte[24];
        resize[0] = 251;
        BinaryPrimitives.WriteUInt16BigEndian(resize.AsSpan(2), 1024);
        BinaryPrimitives.WriteUInt16BigEndian(resize.AsSpan(4), 768);
        resize[6] = 1;
        await viewer.SendAsync(resize);
        await viewer.ReadUpdateAsync();
        Assert.Equal((1, 1), viewer.DesktopSizes[^1]);        // reason: this client; status: prohibited
        Assert.Equal((640, 384), (viewer.Width, viewer.Height));
    }

    [Theory]
    [InlineData("version", "protocol error: bad version string 'XYZ 003.008.'")]
    [InlineData("message", "protocol error: unknown message type 99")]
    [InlineData("cut", "protocol error: ClientCutText of 2147483647 bytes")]
    [InlineData("rect", "protocol error: update request 1000x1000+0+0 beyond the 640x384 screen")]
    [InlineData("encodings", "protocol error: SetEncodings with 65535 encodings")]
    public async Task Hostile_input_closes_that_viewer_with_a_log_line_and_nobody_else(string attack, string logged)
    {
        await using var rig = new RfbRig();
        await using var bystander = await rig.ViewerAsync();
        await using var hostile = await TestRfbClient.ConnectAsync(rig.EndPoint);
        if (attack == "version")
        {
            await hostile.SendAsync("XYZ 003.008\n"u8.ToArray());
        }
        else
        {
            await hostile.HandshakeAsync();
            byte[] message = attack switch
            {
                "message" => [99, 0, 0, 0],
                "cut" => [6, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF],
                "rect" => [3, 0, 0, 0, 0, 0, 0x03, 0xE8, 0x03, 0xE8],
                _ => [2, 0, 0xFF, 0xFF],
            };
            await hostile.SendAsync(message);
        }
        Assert.True(await hostile.ClosedAsync(), "the hostile viewer is closed");
        await rig.LoggedAsync(logged);

        rig.Console.Feed("still here"u8);
        await bystander.RequestAsync(incremental: true);
        await bystander.ReadUpdateAsync();
        Assert.True(bystander.Pixels.AsSpan().SequenceEqual(rig.Console.Picture.Pixels));
        Assert.Equal("still here", rig.Console.Inspect(s => s.TextOf(0)));
    }

    [Fact]
    public async Task Viewers_beyond_max_clients_are_refused_with_a_reason()
    {
        await using var rig = new RfbRig(o => o with { MaxClients = 1 });
        await using var first = await rig.ViewerAsync();
        await using var second = await TestRfbClient.ConnectAsync(rig.EndPoint);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => second.HandshakeAsync());
        Assert.Equal("refused: too many viewers (max-clients = 1)", failure.Message);
        await rig.LoggedAsync("refused: too many viewers (max-clients = 1)");
    }

    [Fact]
    public async Task Viewers_handed_in_as_streams_count_toward_max_clients_with_those_from_the_listener()
    {
        await using var rig = new RfbRig(o => o with { MaxClients = 1 });
        // A stream handed in (as a WebSocket's is), then one from the listener: only the first gets a place.
        var (streamed, served) = await rig.StreamViewerAsync();
        await streamed.HandshakeAsync();
        await using var listened = await TestRfbClient.ConnectAsync(rig.EndPoint);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => listened.HandshakeAsync());
        Assert.Equal("refused: too many viewers (max-clients = 1)", refused.Message);
        Assert.False(rig.Server.HasRoom);

        // And the other way round once the streamed viewer left.
        await streamed.DisposeAsync();
        await served.WaitAsync(TestTimeouts.Dilated(TimeSpan.FromSeconds(10)));
        Assert.Contains("viewer stream: closed by the viewer", rig.Log);
        await using var second = await TestRfbClient.ConnectAsync(rig.EndPoint);
        await second.HandshakeAsync();
        var (third, _) = await rig.StreamViewerAsync();
        await using var thirdClient = third;
        refused = await Assert.ThrowsAsync<InvalidOperationException>(() => third.HandshakeAsync());
        Assert.Equal("refused: too many viewers (max-clients = 1)", refused.Message);
    }

    [Fact]
    public async Task LastRect_ends_updates_for_viewers_that_ask_for_it_except_over_rfb_3_3()
    {
        await using var rig = new RfbRig();
        rig.Console.Feed("\u001b[1;32mgreen\u001b[0m and plain"u8);
        await using var v38 = await TestRfbClient.ConnectAsync(rig.EndPoint);
        await v38.HandshakeAsync();
        await v38.SetEncodingsAsync(Zrle, CopyRect, TestRfbClient.LastRect);
        await v38.RequestAsync(incremental: false);
        await v38.ReadUpdateAsync();
        rig.Console.Feed("\r\nmore"u8);
        await v38.RequestAsync(incremental: true);
        await v38.ReadUpdateAsync();
        Assert.All(v38.UpdateCounts, count => Assert.Equal(65535, count));
        Assert.Contains(TestRfbClient.LastRect, v38.RectEncodings);
        Assert.True(v38.Pixels.AsSpan().SequenceEqual(rig.Console.Picture.Pixels));

        // vncsnapshot speaks 3.3 and asks for LastRect, but cannot read it: it gets the real count.
        await using var v33 = await TestRfbClient.ConnectAsync(rig.EndPoint);
        await v33.HandshakeAsync("RFB 003.003\n");
        await v33.SetEncodingsAsync(Raw, TestRfbClient.LastRect);
        await v33.RequestAsync(incremental: false);
        await v33.ReadUpdateAsync();
        Assert.DoesNotContain(65535, v33.UpdateCounts);
        Assert.DoesNotContain(TestRfbClient.LastRect, v33.RectEncodings);
        Assert.True(v33.Pixels.AsSpan().SequenceEqual(rig.Console.Picture.Pixels));
    }

    [Fact]
    public async Task A_viewer_that_stops_reading_never_holds_the_console_up()
    {
        await using var rig = new RfbRig(o => o with { MinUpdateInterval = TimeSpan.Zero });
        await using var stalled = await TestRfbClient.ConnectAsync(rig.EndPoint, receiveBuffer: 4096);
        await stalled.HandshakeAsync();
        await stalled.SetEncodingsAsync(Raw);
        await using var live = await rig.ViewerAsync(Zrle, CopyRect);
        byte[] line = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 79).Select(i => (char)('!' + (i % 90)))) + "\r\n");
        for (int i = 0; i < 20_000; i++)
        {
            rig.Console.Feed(line);
            if (i % 500 == 0)
                await stalled.RequestAsync(incremental: false);   // the stalled viewer keeps asking for whole screens it never reads
        }
        rig.Console.Feed("the end"u8);
        await live.RequestAsync(incremental: true);
        await live.ReadUpdateAsync();
        Assert.True(live.Pixels.AsSpan().SequenceEqual(rig.Console.Picture.Pixels));
        Assert.Equal("the end", rig.Console.Inspect(s => s.TextOf(23)));
    }
}
