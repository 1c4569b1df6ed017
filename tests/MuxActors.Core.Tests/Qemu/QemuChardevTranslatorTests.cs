using MuxActors.Core.Config.Qemu;

namespace MuxActors.Core.Tests.Qemu;

public sealed class QemuChardevTranslatorTests
{
    private static QemuChardev Translate(string text) => QemuChardevTranslator.Translate(QemuOptions.Parse(text));

    private static string Error(string text) => Assert.Throws<QemuOptionException>(() => Translate(text)).Message;

    private static Dictionary<string, string> Fields(QemuChardev chardev) => chardev.Fields.ToDictionary(f => f.Key, f => f.Value);

    [Theory]
    [InlineData("socket,id=s,path=/tmp/s,server=on,wait=off", "unix-server")]
    [InlineData("socket,id=s,path=/tmp/s,server=on", "unix-server")]
    [InlineData("socket,id=s,path=/tmp/s,server=off", "unix-client")]
    [InlineData("socket,id=s,path=/tmp/s", "unix-client")]
    [InlineData("socket,id=s,host=127.0.0.1,port=7001,server=on,wait=off", "tcp-server")]
    [InlineData("socket,id=s,host=localhost,port=7001", "tcp-client")]
    public void Socket_maps_to_the_server_or_client_kind(string text, string type) => Assert.Equal(type, Translate(text).Type);

    [Fact]
    public void Socket_keys_become_kind_options()
    {
        Assert.Equal(new Dictionary<string, string> { ["path"] = "\"/tmp/s\"" }, Fields(Translate("socket,id=s,path=/tmp/s,server=on")));
        Assert.Equal(new Dictionary<string, string> { ["host"] = "\"::1\"", ["port"] = "7001" }, Fields(Translate("socket,id=s,host=::1,port=7001,server=on")));
        Assert.Equal("5s", Fields(Translate("socket,id=s,path=p,reconnect=5"))["reconnect"]);
        Assert.Equal("250ms", Fields(Translate("socket,id=s,path=p,reconnect-ms=250"))["reconnect"]);
        Assert.DoesNotContain("reconnect", Fields(Translate("socket,id=s,path=p,reconnect=0")).Keys);
        Assert.Equal("unix-client", Translate("socket,id=s,path=p,telnet=off").Type);
    }

    [Theory]
    [InlineData("socket,id=s,path=p,telnet=on", "telnet is not supported yet")]
    [InlineData("socket,id=s,path=p,server=maybe", "Parameter 'server' expects 'on' or 'off'")]
    [InlineData("socket,id=s,path=p,server=on,wait=later", "Parameter 'wait' expects 'on' or 'off'")]
    [InlineData("socket,id=s,path=p,wait=off", "'wait' option is incompatible with socket in client connect mode")]
    [InlineData("socket,id=s,path=p,server=on,reconnect=1", "'reconnect' option is incompatible with socket in server listen mode")]
    [InlineData("socket,id=s,path=p,server=on,reconnect-ms=100", "'reconnect-ms' option is incompatible with socket in server listen mode")]
    [InlineData("socket,id=s,path=p,reconnect=1,reconnect-ms=100", "'reconnect' and 'reconnect-ms' are mutually exclusive")]
    [InlineData("socket,id=s,path=p,reconnect=x", "Parameter 'reconnect' expects a number")]
    [InlineData("socket,id=s,port=7001", "chardev: socket: no host given")]
    [InlineData("socket,id=s,host=h", "chardev: socket: no port given")]
    [InlineData("socket,id=s,host=h,port=http", "Parameter 'port' expects a port number (0 to 65535)")]
    [InlineData("socket,id=s,path=p,nodelay=on", "Invalid parameter 'nodelay'")]
    [InlineData("socket,path=p", "Parameter 'id' is missing")]
    public void Socket_errors_use_qemu_words(string text, string message) => Assert.Equal(message, Error(text));

    [Fact]
    public void Pty_file_serial_ringbuf_null_stdio()
    {
        Assert.Equal(("pty", "\"/tmp/pty0\""), (Translate("pty,id=p,path=/tmp/pty0").Type, Fields(Translate("pty,id=p,path=/tmp/pty0"))["link"]));
        Assert.Empty(Translate("pty,id=p").Fields);
        var file = Translate("file,id=f,path=vm.log");
        Assert.Equal("file", file.Type);
        Assert.Equal(new Dictionary<string, string> { ["path"] = "\"vm.log\"", ["append"] = "off" }, Fields(file)); // QEMU truncates
        Assert.Equal("on", Fields(Translate("file,id=f,path=vm.log,append=yes"))["append"]);
        Assert.Equal("serial", Translate("serial,id=t,path=/dev/ttyUSB0").Type);
        Assert.Equal("\"/dev/ttyS1\"", Fields(Translate("tty,id=t,path=/dev/ttyS1"))["path"]);
        Assert.Equal("ringbuf", Translate("ringbuf,id=r").Type);
        Assert.Equal("\"64K\"", Fields(Translate("memory,id=r,size=64K"))["size"]);
        Assert.Equal("null", Translate("null,id=n").Type);
        Assert.Equal("stdio", Translate("stdio,id=io,signal=off").Type);
    }

    [Fact]
    public void Vc_size_in_cells_or_pixels_and_listen()
    {
        var vc = Translate("vc,id=vc0,mux-be-id=mux0");
        Assert.Equal(("vc", "mux0"), (vc.Type, vc.MuxBeId));
        Assert.Empty(vc.Fields); // the vc kind's defaults: 80x24 on 127.0.0.1:5900
        Assert.Equal(new Dictionary<string, string> { ["cols"] = "132", ["rows"] = "43" }, Fields(Translate("vc,id=v,cols=132,rows=43")));
        // Pixels are 8x16 cells rounded down: 645x400 is 80 columns and 25 rows; a pixel size wins over cells, as in QEMU.
        Assert.Equal(new Dictionary<string, string> { ["cols"] = "80", ["rows"] = "25" }, Fields(Translate("vc,id=v,width=645,height=400,cols=100")));
        Assert.Equal("\"127.0.0.1:0\"", Fields(Translate("vc,id=v,listen=127.0.0.1:0"))["listen"]);
        Assert.Equal("\"127.0.0.1:7681\"", Fields(Translate("vc,id=v,web=127.0.0.1:7681"))["web"]);
    }

    [Theory]
    [InlineData("file,id=f", "chardev: file: no filename given")]
    [InlineData("file,id=f,path=x,append=sometimes", "Parameter 'append' expects 'on' or 'off'")]
    [InlineData("serial,id=t", "chardev: serial/tty: no device path given")]
    [InlineData("ringbuf,id=r,size=big", "Parameter 'size' expects a non-negative number below 2^64")]
    [InlineData("null,id=n,path=x", "Invalid parameter 'path'")]
    [InlineData("stdio,id=io,signal=2", "Parameter 'signal' expects 'on' or 'off'")]
    [InlineData("vc,id=v,cols=1", "Parameter 'cols' expects a number from 2 to 512")]
    [InlineData("vc,id=v,rows=257", "Parameter 'rows' expects a number from 1 to 256")]
    [InlineData("vc,id=v,cols=wide", "Parameter 'cols' expects a number")]
    [InlineData("vc,id=v,width=15", "Parameter 'width' expects a number of pixels from 16 to 4103 (8-pixel cells, rounded down)")]
    [InlineData("vc,id=v,height=4112", "Parameter 'height' expects a number of pixels from 16 to 4111 (16-pixel cells, rounded down)")]
    [InlineData("vc,id=v,listen=", "Parameter 'listen' expects an address and port such as 127.0.0.1:5900")]
    [InlineData("vc,id=v,web=", "Parameter 'web' expects an address and port such as 127.0.0.1:7681")]
    [InlineData("vc,id=v,font=x.psf", "Invalid parameter 'font'")]
    [InlineData("pipe,id=p,path=/tmp/fifo", "chardev type 'pipe' is not available: MuxActors has no FIFO chardev kind (use a unix socket, pty or file)")]
    [InlineData("nonsense,id=x", "'nonsense' is not a valid char driver name")]
    [InlineData("pty,id=p,mux=on,mux-be-id=mux0", "chardev: mux and mux-be can't be used for the same device")]
    [InlineData("pty,id=p,mux-fe-id=t,mux-be-id=mux0", "chardev: mux and mux-be can't be used for the same device")]
    [InlineData("pty,id=p,mux=on,mux-fe-id=t", "chardev 'p': multiplexers can't be stacked: a mux=on chardev can't be a frontend of mux 't'")]
    [InlineData("mux-be,id=m,mux=on", "hub: multiplexers and hub devices can't be stacked, check chardev 'm', chardev should not be a hub device or have 'mux=on' enabled")]
    [InlineData("pty,id=p,echr=2", "Invalid parameter 'echr'")]
    [InlineData("pty,id=p,max-frontends=2", "Invalid parameter 'max-frontends'")]
    [InlineData("stdio,id=t,mux=on,echr=256", "Parameter 'echr' expects a character code from 0 to 255 (1 to 26 are Ctrl-A to Ctrl-Z)")]
    [InlineData("stdio,id=t,mux=on,echr=a", "Parameter 'echr' expects a number")]
    [InlineData("stdio,id=t,mux=on,max-frontends=0", "Parameter 'max-frontends' expects a number of at least 1")]
    [InlineData("pty,id=p,mux=perhaps", "Parameter 'mux' expects 'on' or 'off'")]
    [InlineData("pty,id=p,console=1", "Parameter 'console' expects 'on' or 'off'")]
    [InlineData("pty,id=p,logfile=x,logappend=2", "Parameter 'logappend' expects 'on' or 'off'")]
    public void Other_backend_errors_use_qemu_words(string text, string message) => Assert.Equal(message, Error(text));

    [Fact]
    public void Mux_on_keeps_the_chardev_and_reads_echr_and_max_frontends()
    {
        var mux = Translate("stdio,id=term,mux=on,echr=20,max-frontends=4");
        Assert.Equal(("stdio", "term-base", new Config.Qemu.QemuFrontendMux(20, 4)), (mux.Type, mux.BaseId, mux.FrontendMux));
        Assert.Equal(new Config.Qemu.QemuFrontendMux(1, 16), Translate("socket,id=t,path=t.sock,server=on,mux=on").FrontendMux);
        Assert.Equal("term", Translate("socket,id=vm1,path=vm1.sock,mux-fe-id=term").MuxFeId);
    }

    [Fact]
    public void Hub_members_are_read_from_0_up_to_the_first_gap()
    {
        var hub = Translate("hub,id=hub0,chardevs.0=a,chardevs.1=b,chardevs.3=d");
        Assert.True(hub.IsMux);
        Assert.Equal(["a", "b"], hub.HubMembers);
        Assert.Equal(["a"], Translate("hub,id=hub0,chardevs.0=a,chardevs.2=c").HubMembers);
        // Only QEMU's implementation stops at 4: MuxActors takes more.
        Assert.Equal(5, Translate("hub,id=h,chardevs.0=a,chardevs.1=b,chardevs.2=c,chardevs.3=d,chardevs.4=e").HubMembers!.Count);
    }

    [Theory]
    [InlineData("hub,id=hub0", "hub: 'chardevs' list is not defined")]
    [InlineData("hub,id=hub0,chardevs.1=b", "hub: 'chardevs' list is not defined")]
    [InlineData("hub,id=hub0,chardevs.x=b", "Invalid parameter 'chardevs.x'")]
    [InlineData("hub,id=hub0,chardevs.01=b", "Invalid parameter 'chardevs.01'")]
    [InlineData("mux-be,id=mux0,chardevs.0=a", "Invalid parameter 'chardevs.0'")]
    [InlineData("mux-be,id=mux0,path=x", "Invalid parameter 'path'")]
    [InlineData("mux-be,id=mux0,console=on", "Invalid parameter 'console'")]
    [InlineData("mux-be,id=mux1,mux-be-id=mux0", "hub: multiplexers and hub devices can't be stacked, check chardev 'mux1', chardev should not be a hub device or have 'mux=on' enabled")]
    public void Mux_errors_use_qemu_words(string text, string message) => Assert.Equal(message, Error(text));

    [Fact]
    public void Mux_be_keeps_its_frontend_and_common_keys()
    {
        var mux = Translate("mux-be,id=mux0,frontend=con0,logfile=/var/log/vm.log,logappend=on");
        Assert.Equal(("mux-be", "con0", "/var/log/vm.log", true), (mux.Type, mux.Frontend, mux.LogFile, mux.LogAppend));
        Assert.Null(mux.HubMembers);
        var member = Translate("socket,id=s,path=p,server=on,mux-be-id=mux0,console=off");
        Assert.Equal(("mux0", false), (member.MuxBeId, member.Console));
        Assert.True(Translate("socket,id=c,path=p,mux-be-id=mux0,console=on").Console);
    }

    [Fact]
    public void Hocon_block_quotes_everything()
    {
        var block = Translate("file,id=f,path=/tmp/a \"b\"\\c.log").ToHocon(null, null, "mux0");
        Assert.Contains("\"path\" = \"/tmp/a \\\"b\\\"\\\\c.log\"", block, StringComparison.Ordinal);
        Assert.Contains("mux-be-id = \"mux0\"", block, StringComparison.Ordinal);
    }
}
