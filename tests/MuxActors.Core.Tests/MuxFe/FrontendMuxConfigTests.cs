using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Mux;
using MuxActors.Hocon;

namespace MuxActors.Core.Tests.MuxFe;

/// <summary>Reading a frontend mux: <c>type = mux-fe</c> in HOCON, <c>mux=on</c> and <c>mux-fe-id=</c> in QEMU strings, and every error's exact text.</summary>
public sealed class FrontendMuxConfigTests
{
    private static readonly ChardevRegistry Registry = new(
        new[] { "unix-server", "file", "ringbuf" }.Select(t => (IChardevKind)new ProbeKind(type: t, frontend: false))
            .Concat(new[] { "unix-client", "pty", "serial", "stdio", "probe" }.Select(t => new ProbeKind(type: t))));

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

    [Fact]
    public void Inline_mux_fe_has_one_backend_its_consoles_and_keys()
    {
        var mux = ReadMux("""
            muxactors.muxes.term {
              type = mux-fe
              backend { type = unix-server, path = term.sock }
              frontends {
                vm1 { type = unix-client, path = vm1.sock }
                vm2 { type = unix-client, path = vm2.sock }
              }
              escape = 20
              max-frontends = 4
              timestamps = on
            }
            """);
        Assert.Equal("mux-fe", mux.Kind);
        Assert.Equal(("backend", "unix-server"), (Assert.Single(mux.Backends).Id, mux.Backends[0].Type));
        Assert.Equal(["vm1", "vm2"], mux.Consoles.Select(c => c.Id));
        Assert.Equal("vm1", mux.Frontend.Id);
        Assert.Equal((20, 4, true, false), (mux.FrontendMux!.Escape, mux.FrontendMux.MaxFrontends, mux.FrontendMux.Timestamps, mux.FrontendMux.ExitOnDetach));
    }

    [Fact]
    public void Defaults_are_ctrl_a_16_frontends_no_timestamps()
    {
        var mux = ReadMux("muxactors.muxes.t { type = mux-fe, backend { type = stdio }, frontends { a { type = probe } } }");
        Assert.Equal((1, 16, false), (mux.FrontendMux!.Escape, mux.FrontendMux.MaxFrontends, mux.FrontendMux.Timestamps));
    }

    [Fact]
    public void Named_chardevs_join_a_mux_fe_with_mux_fe_id()
    {
        var mux = ReadMux("""
            muxactors.chardevs {
              term { type = mux-fe, backend = io, frontends = [vm1] }
              io { type = stdio }
              vm1 { type = unix-client, path = vm1.sock }
              vm2 { type = unix-client, path = vm2.sock, mux-fe-id = term }
            }
            """);
        Assert.Equal(("io", "stdio"), (mux.Backends[0].Id, mux.Backends[0].Type));
        Assert.Equal(["vm1", "vm2"], mux.Consoles.Select(c => c.Id));
    }

    [Fact]
    public void Qemu_mux_on_makes_the_chardev_id_base_and_the_mux_takes_its_id()
    {
        var mux = ReadMux("",
            "stdio,id=term,mux=on,echr=20",
            "socket,id=vm1,path=vm1.sock,mux-fe-id=term",
            "socket,id=vm2,path=vm2.sock,reconnect-ms=100,mux-fe-id=term");
        Assert.Equal(("term", "mux-fe"), (mux.Name, mux.Kind));
        Assert.Equal(("term-base", "stdio"), (mux.Backends[0].Id, mux.Backends[0].Type));
        Assert.Equal([("vm1", "unix-client"), ("vm2", "unix-client")], mux.Consoles.Select(c => (c.Id, c.Type)));
        // Given on the command line, the service was started for this terminal: escape-x ends it.
        Assert.Equal((20, 16, true), (mux.FrontendMux!.Escape, mux.FrontendMux.MaxFrontends, mux.FrontendMux.ExitOnDetach));
        var inFile = ReadMux("""muxactors.qemu.chardevs = ["socket,id=t,path=t.sock,server=on,mux=on,max-frontends=2", "serial,id=s,path=/dev/ttyS0,mux-fe-id=t"]""");
        Assert.Equal((2, false), (inFile.FrontendMux!.MaxFrontends, inFile.FrontendMux.ExitOnDetach));
        Assert.Equal(("t-base", "unix-server"), (inFile.Backends[0].Id, inFile.Backends[0].Type));
    }

    [Theory]
    [InlineData("muxactors.muxes.t { type = mux-fe, backend { type = stdio }\n escape = 300, frontends { a { type = probe } } }",
        "test.conf:2:11: mux 't': escape must be a character code from 0 to 255, as QEMU's -echr (1 to 26 are Ctrl-A to Ctrl-Z) (was 300) (at muxactors.muxes.t.escape)")]
    [InlineData("muxactors.muxes.t { type = mux-fe, backend { type = stdio }, max-frontends = 1\n frontends { a { type = probe }, b { type = probe } } }",
        "test.conf:2:12: too many uses of multiplexed chardev 't' (maximum is 1) (at muxactors.muxes.t.frontends)")]
    [InlineData("muxactors.muxes.t { type = mux-fe\n frontends { a { type = probe } } }",
        "test.conf:1:19: mux 't': no backend defined (set 'backend' to a chardev block or id) (at muxactors.muxes.t)")]
    [InlineData("muxactors.muxes.t { type = mux-fe, backend { type = stdio } }",
        "test.conf:1:19: mux 't': 'frontends' is not defined (a mux-fe needs at least one console) (at muxactors.muxes.t)")]
    [InlineData("muxactors.muxes.t { type = mux-fe, backend { type = stdio }, frontends { a { type = probe } }\n escpae = 2 }",
        "test.conf:2:11: mux 't': unknown key 'escpae'; did you mean 'escape'? (at muxactors.muxes.t.escpae)")]
    [InlineData("muxactors.chardevs {\n c { type = probe, mux-be-id = m, mux-fe-id = t } }",
        "test.conf:2:47: chardev: mux and mux-be can't be used for the same device (at muxactors.chardevs.c.mux-fe-id)")]
    [InlineData("muxactors.chardevs { m { type = mux-be, frontend = c }, c { type = probe }\n s { type = probe, mux-fe-id = m } }",
        "test.conf:2:32: chardev 's': mux-fe-id 'm' names a mux-be (join it with mux-be-id) (at muxactors.chardevs.s.mux-fe-id)")]
    public void Hocon_errors_are_exact(string hocon, string error) => Assert.Contains(error, Errors(hocon));

    [Fact]
    public void A_chardev_in_a_mux_fe_and_a_mux_be_is_refused_in_qemu_words()
    {
        var errors = Errors("""
            muxactors.chardevs {
              be { type = mux-be, frontend = vm, backends = [shared] }
              fe { type = mux-fe, backend = io, frontends = [shared] }
              vm { type = unix-client, path = vm.sock }
              io { type = stdio }
              shared { type = pty }
            }
            """);
        Assert.Contains(errors, e => e.Contains("chardev: mux and mux-be can't be used for the same device", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pty,id=p,mux=on,mux-be-id=mux0", "--chardev 'pty,id=p,mux=on,mux-be-id=mux0': chardev: mux and mux-be can't be used for the same device")]
    [InlineData("pty,id=p,echr=2", "--chardev 'pty,id=p,echr=2': Invalid parameter 'echr'")]
    [InlineData("stdio,id=t,mux=on,echr=300", "--chardev 'stdio,id=t,mux=on,echr=300': Parameter 'echr' expects a character code from 0 to 255 (1 to 26 are Ctrl-A to Ctrl-Z)")]
    [InlineData("stdio,id=t,mux=on,max-frontends=0", "--chardev 'stdio,id=t,mux=on,max-frontends=0': Parameter 'max-frontends' expects a number of at least 1")]
    [InlineData("stdio,id=t,mux=on,logfile=t.log", "--chardev 'stdio,id=t,mux=on,logfile=t.log': logfile: not available with mux=on (a frontend mux has one backend; log through a mux-be)")]
    public void Qemu_string_errors_are_exact_on_the_command_line(string text, string error) => Assert.Contains(error, Errors("", text));

    [Fact]
    public void Qemu_string_errors_are_exact_in_a_file()
    {
        var errors = Errors("""
            muxactors.qemu.chardevs = [
              "stdio,id=t,mux=on,max-frontends=1"
              "socket,id=a,path=a.sock,mux-fe-id=t"
              "socket,id=b,path=b.sock,mux-fe-id=t"
              "pty,id=p,mux=on,mux-fe-id=t"
            ]
            """);
        Assert.Contains("test.conf:2:3: 'stdio,id=t,mux=on,max-frontends=1': too many uses of multiplexed chardev 't' (maximum is 1) (at muxactors.qemu.chardevs.0)", errors);
        Assert.Contains("test.conf:5:3: 'pty,id=p,mux=on,mux-fe-id=t': chardev 'p': multiplexers can't be stacked: a mux=on chardev can't be a frontend of mux 't' (at muxactors.qemu.chardevs.3)", errors);
    }

    [Fact]
    public void A_base_id_taken_by_another_chardev_is_a_duplicate()
    {
        Assert.Contains("--chardev 't': Chardev with id 't-base' already exists",
            Errors("", "pty,id=t-base", "stdio,id=t,mux=on").Select(e => e.Replace("stdio,id=t,mux=on", "t", StringComparison.Ordinal)));
    }
}
