using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Hocon;

namespace MuxActors.Core.Tests.Qemu;

/// <summary>QEMU option strings through the configuration reader: in <c>muxactors.qemu.chardevs</c> and as <c>--chardev</c>.</summary>
public sealed class QemuConfigReaderTests
{
    private static readonly ChardevRegistry Registry = new(
        new[] { "unix-server", "tcp-server", "file", "ringbuf", "null" }.Select(t => (IChardevKind)new ProbeKind(type: t, frontend: false))
            .Concat(new[] { "unix-client", "tcp-client", "pty", "serial", "stdio", "probe" }.Select(t => new ProbeKind(type: t))));

    private static (ServiceConfig? Config, IReadOnlyList<ConfigError> Errors) TryRead(string hocon, params string[] commandLine) =>
        new ServiceConfigReader(Registry) { CommandLineChardevs = commandLine }
            .TryRead(HoconConfig.FromString(hocon, "test.conf", new HoconParseOptions { Environment = _ => null }));

    private static MuxDefinition ReadMux(string hocon, params string[] commandLine)
    {
        var (config, errors) = TryRead(hocon, commandLine);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return Assert.Single(config!.Muxes);
    }

    private static List<string> Errors(string hocon, params string[] commandLine)
    {
        var (config, errors) = TryRead(hocon, commandLine);
        Assert.Null(config);
        return [.. errors.Select(e => e.ToString())];
    }

    private static string Qemu(params string[] chardevs) =>
        "muxactors.qemu.chardevs = [\n" + string.Concat(chardevs.Select(c => "  " + QemuQuote(c) + "\n")) + "]\n";

    private static string QemuQuote(string text) => Config.Qemu.QemuChardev.Quote(text);

    [Fact]
    public void Mux_be_example_reads_into_the_named_chardev_model()
    {
        var mux = ReadMux(Qemu(
            "mux-be,id=mux0,frontend=con0",
            "socket,id=con0,path=/run/vm.sock,reconnect-ms=500",
            "socket,path=/tmp/sock,server=on,wait=off,id=sock0,mux-be-id=mux0",
            "pty,id=pty0,path=/tmp/pty,mux-be-id=mux0"));
        Assert.Equal("mux0", mux.Name);
        Assert.Equal(("con0", "unix-client"), (mux.Frontend.Id, mux.Frontend.Type));
        Assert.Equal("/run/vm.sock", mux.Frontend.Options.GetString("path"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), mux.Frontend.Options.GetDuration("reconnect"));
        Assert.Equal([("sock0", "unix-server"), ("pty0", "pty")], mux.Backends.Select(b => (b.Id, b.Type)));
        Assert.Equal("/tmp/sock", mux.Backends[0].Options.GetString("path"));
        Assert.Equal("/tmp/pty", mux.Backends[1].Options.GetString("link"));
    }

    [Fact]
    public void Command_line_strings_alone_are_a_whole_configuration()
    {
        var mux = ReadMux("", "mux-be,id=mux0", "socket,id=con0,path=vm.sock,console=on,mux-be-id=mux0", "ringbuf,id=ring,size=4K,mux-be-id=mux0");
        Assert.Equal("con0", mux.Frontend.Id);
        Assert.Equal(4096, Assert.Single(mux.Backends).Options.GetBytes("size"));
    }

    [Fact]
    public void Command_line_strings_join_a_mux_of_the_file()
    {
        var mux = ReadMux("muxactors.muxes.vm1 { frontend { type = probe }, backends { log { type = file, path = x.log } } }",
            "socket,id=tcp0,host=127.0.0.1,port=7001,server=on,mux-be-id=vm1");
        Assert.Equal(["log", "tcp0"], mux.Backends.Select(b => b.Id));
        Assert.Equal(7001, mux.Backends[1].Options.GetInt32("port"));
    }

    [Fact]
    public void Hub_lists_its_members_and_a_console_is_not_one_of_them()
    {
        var mux = ReadMux(Qemu(
            "hub,id=hub0,chardevs.0=a,chardevs.1=con,chardevs.2=b,chardevs.4=ignored",
            "null,id=a", "tty,id=con,path=/dev/ttyS0,console=on", "file,id=b,path=/tmp/b.log,append=on"));
        Assert.Equal("con", mux.Frontend.Id);
        Assert.Equal(["a", "b"], mux.Backends.Select(b => b.Id));
        Assert.True(mux.Backends[1].Options.GetBoolean("append"));
    }

    [Fact]
    public void Frontend_may_name_a_chardev_that_joined_by_mux_be_id()
    {
        var mux = ReadMux(Qemu("mux-be,id=mux0,frontend=con", "socket,id=con,path=vm.sock,mux-be-id=mux0", "null,id=n,mux-be-id=mux0"));
        Assert.Equal("con", mux.Frontend.Id);
        Assert.Equal(["n"], mux.Backends.Select(b => b.Id));
    }

    [Fact]
    public void Logfile_is_a_file_backend_on_the_same_mux()
    {
        var mux = ReadMux(Qemu(
            "mux-be,id=mux0,frontend=con,logfile=/tmp/all.log",
            "socket,id=con,path=vm.sock",
            "socket,id=s,path=/tmp/s,server=on,mux-be-id=mux0,logfile=/tmp/s.log,logappend=on"));
        var logs = mux.Backends.Where(b => b.Type == "file").ToDictionary(b => b.Id);
        Assert.Equal(["mux0-logfile", "s", "s-logfile"], mux.Backends.Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.Equal(("/tmp/all.log", false), (logs["mux0-logfile"].Options.GetString("path"), logs["mux0-logfile"].Options.GetBoolean("append")));
        Assert.Equal(("/tmp/s.log", true), (logs["s-logfile"].Options.GetString("path"), logs["s-logfile"].Options.GetBoolean("append")));
    }

    [Fact]
    public void Error_in_a_file_names_the_element_position_and_the_string()
    {
        var errors = Errors("""
            muxactors.qemu.chardevs = [
              "mux-be,id=mux0,frontend=con"
              "socket,id=con,path=vm.sock,foo=1"
            ]
            """);
        Assert.Contains("test.conf:3:3: 'socket,id=con,path=vm.sock,foo=1': Invalid parameter 'foo' (at muxactors.qemu.chardevs.1)", errors);
    }

    [Fact]
    public void Error_on_the_command_line_names_the_argument()
    {
        Assert.Equal(["--chardev 'socket,id=s,path=p,foo=1': Invalid parameter 'foo'"], Errors("", "socket,id=s,path=p,foo=1"));
        Assert.Equal(["--chardev 'socket,id=s,path=p,server=2': Parameter 'server' expects 'on' or 'off'"], Errors("", "socket,id=s,path=p,server=2"));
    }

    [Theory]
    [InlineData("hub: 'chardevs' list is not defined", "hub,id=hub0,frontend=c", "socket,id=c,path=p")]
    [InlineData("hub: chardev can't be found by id 'nope'", "hub,id=hub0,frontend=c,chardevs.0=nope", "socket,id=c,path=p")]
    [InlineData("hub: multiplexers and hub devices can't be stacked, check chardev 'mux1', chardev should not be a hub device or have 'mux=on' enabled",
        "hub,id=hub0,frontend=c,chardevs.0=mux1", "socket,id=c,path=p", "mux-be,id=mux1,frontend=d", "socket,id=d,path=q", "null,id=n,mux-be-id=mux1")]
    [InlineData("chardev 'a' is already in use", "hub,id=hub0,frontend=c,chardevs.0=a,chardevs.1=a", "socket,id=c,path=p", "null,id=a")]
    [InlineData("chardev 'a' is already in use", "hub,id=hub0,frontend=c,chardevs.0=a", "socket,id=c,path=p", "null,id=a,mux-be-id=mux1",
        "mux-be,id=mux1,frontend=d", "socket,id=d,path=q")]
    [InlineData("Chardev with id 'a' already exists", "null,id=a", "ringbuf,id=a")]
    [InlineData("Chardev with id 's-logfile' already exists", "null,id=s-logfile", "socket,id=s,path=p,server=on,logfile=x")]
    [InlineData("chardev 'mux0' is already in use", "mux-be,id=mux0,frontend=c", "socket,id=c,path=p", "socket,id=d,path=q,console=on,mux-be-id=mux0", "null,id=n,mux-be-id=mux0")]
    [InlineData("mux-be 'mux0' has no console: name it with frontend=ID, or mark one of its chardevs console=on", "mux-be,id=mux0", "null,id=n,mux-be-id=mux0")]
    [InlineData("console=on: chardev 'c' belongs to no mux (set mux-be-id)", "socket,id=c,path=p,console=on")]
    [InlineData("logfile: chardev 'n' belongs to no mux (MuxActors logs a mux's output: set mux-be-id)", "null,id=n,logfile=x.log")]
    public void Rules_between_chardevs_use_qemu_words(string message, params string[] chardevs)
    {
        Assert.Contains("--chardev '", Assert.Single(Errors("", chardevs), e => e.EndsWith(": " + message, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(Errors(Qemu(chardevs)), e => e.StartsWith("test.conf:", StringComparison.Ordinal) && e.Contains("': " + message + " (at muxactors.qemu.chardevs.", StringComparison.Ordinal));
    }

    [Fact]
    public void Id_already_defined_in_hocon_is_reported()
    {
        var errors = Errors("muxactors.chardevs.a { type = null }\n" + Qemu("null,id=a"));
        Assert.Contains("test.conf:3:3: 'null,id=a': Chardev with id 'a' already exists (at muxactors.qemu.chardevs.0)", errors);
    }

    [Fact]
    public void Errors_found_in_the_generated_block_are_reported_at_the_string()
    {
        Assert.Equal(["--chardev 'null,id=n,mux-be-id=nowhere': chardev 'n': mux-be-id 'nowhere' can't be found (no mux with that id) (at n.mux-be-id)"],
            Errors("", "null,id=n,mux-be-id=nowhere"));
    }

    [Fact]
    public void Qemu_block_accepts_only_chardevs_and_strings()
    {
        var errors = Errors("muxactors.qemu { chardevs = [ 1 ], devices = [] }");
        Assert.Contains(errors, e => e.Contains("qemu: unknown key 'devices'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("test.conf:1:31: qemu.chardevs: each element must be a QEMU -chardev option string", StringComparison.Ordinal));
    }
}
