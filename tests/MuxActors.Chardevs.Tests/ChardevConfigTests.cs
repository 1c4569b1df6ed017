using MuxActors.Chardevs.Sinks;
using MuxActors.Chardevs.Sockets;
using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Tests;

/// <summary>Option checking of the socket and sink kinds, through the service's configuration reader.</summary>
public sealed class ChardevConfigTests : IDisposable
{
    private readonly ScratchDirectory _directory = new();

    [Fact]
    public void Relative_paths_resolve_against_the_directory_of_the_configuration_file()
    {
        var mux = Read("""
            frontend { type = unix-client, path = "run/vm.sock" }
            backends {
              local { type = unix-server, path = "../sockets/local.sock" }
              log { type = file, path = "logs/vm.log" }
              absolute { type = file, path = "/var/log/elsewhere.log" }
            }
            """).Muxes.Single();
        var parent = Path.GetDirectoryName(_directory.Path)!;
        Assert.Equal(["unix:" + Path.Combine(parent, "sockets", "local.sock")], new UnixServerKind().Validate(mux.Backend("local")!, PortRole.Backend));
        Assert.Equal(["file:" + _directory.Combine("logs/vm.log")], new FileKind().Validate(mux.Backend("log")!, PortRole.Backend));
        Assert.Equal(["file:/var/log/elsewhere.log"], new FileKind().Validate(mux.Backend("absolute")!, PortRole.Backend));
        Assert.Contains(_directory.Combine("run/vm.sock"), new UnixClientKind().AttachHint(mux.Frontend), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("b { type = unix-server }", "backends.b.path", "missing key")]
    [InlineData("b { type = unix-server, path = s.sock, mode = \"0999\" }", "backends.b.mode", "not an octal file mode")]
    [InlineData("b { type = unix-server, path = s.sock, mode = \"4755\" }", "backends.b.mode", "special bits")]
    [InlineData("b { type = unix-server, path = s.sock, max-clients = 0 }", "backends.b.max-clients", "at least 1")]
    [InlineData("b { type = tcp-server }", "backends.b.listen", "is not defined")]
    [InlineData("b { type = tcp-server, listen = \"localhost\" }", "backends.b.listen", "is not HOST:PORT")]
    [InlineData("b { type = tcp-server, listen = \"127.0.0.1:70000\" }", "backends.b.listen", "not a port number")]
    [InlineData("b { type = tcp-server, listen = \"example.org:7001\" }", "backends.b.listen", "not a local address")]
    [InlineData("b { type = tcp-server, listen = \"127.0.0.1:7001\", port = 7002 }", "backends.b.port", "not both")]
    [InlineData("b { type = tcp-client }", "backends.b.connect", "is not defined")]
    [InlineData("b { type = tcp-client, connect = \"host:0\" }", "backends.b.connect", "port 0")]
    [InlineData("b { type = unix-client, path = v.sock, reconnect = 0s }", "backends.b.reconnect", "positive")]
    [InlineData("b { type = unix-client, path = v.sock, reconnect = 5s, reconnect-max = 1s }", "backends.b.reconnect-max", "not be shorter")]
    [InlineData("b { type = file, path = x.log, flush-interval = 0ms }", "backends.b.flush-interval", "positive")]
    [InlineData("b { type = file, path = x.log, append = sometimes }", "backends.b.append", "boolean")]
    [InlineData("b { type = ringbuf, size = 0 }", "backends.b.size", "positive size")]
    [InlineData("b { type = ringbuf, size = 2GiB }", "backends.b.size", "at most 1GiB")]
    [InlineData("b { type = web, on-overflow = block }", "backends.b.on-overflow", "not available for a web backend")]
    [InlineData("b { type = web, path = vm1 }", "backends.b.path", "is not a page path")]
    [InlineData("b { type = web, cols = 1 }", "backends.b.cols", "must be from 2 to 500")]
    [InlineData("b { type = web, listen = \"example.org:7681\" }", "backends.b.listen", "not a local address")]
    public void A_bad_option_is_reported_with_its_key_path_and_position(string backend, string key, string fragment)
    {
        var error = Assert.Single(Errors($"frontend {{ type = unix-client, path = vm.sock }}\nbackends {{\n{backend}\n}}"));
        Assert.Equal("muxactors.muxes.m." + key, error.KeyPath);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(_directory.Combine("mux.conf") + ":", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_unix_socket_path_too_long_for_the_kernel_is_refused()
    {
        var error = Assert.Single(Errors($"frontend {{ type = unix-client, path = \"{new string('x', 120)}.sock\" }}\nbackends {{ n {{ type = null }} }}"));
        Assert.Equal("muxactors.muxes.m.frontend.path", error.KeyPath);
        Assert.Contains("a unix socket path can have at most 107", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unix-server", "path = s.sock")]
    [InlineData("tcp-server", "port = 7001")]
    [InlineData("file", "path = x.log")]
    [InlineData("ringbuf", "size = 1KiB")]
    [InlineData("null", "")]
    public void Server_and_sink_kinds_cannot_be_the_console(string type, string options)
    {
        var error = Assert.Single(Errors($"frontend {{ type = {type}, {options} }}\nbackends {{ n {{ type = null }} }}"));
        Assert.Contains($"of type '{type}' can't be a frontend", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_chardevs_cannot_listen_on_the_same_socket_port_or_write_the_same_file()
    {
        var errors = Errors($$"""
            frontend { type = unix-client, path = vm.sock }
            backends {
              a { type = unix-server, path = same.sock }
              b { type = unix-server, path = "{{_directory.Combine("same.sock")}}" }
              c { type = tcp-server, listen = "127.0.0.1:7001" }
              d { type = tcp-server, host = 127.0.0.1, port = 7001 }
              e { type = tcp-server, port = 0 }
              f { type = tcp-server, port = 0 }
              g { type = file, path = same.log }
              h { type = file, path = "./same.log" }
            }
            """);
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Message.EndsWith("can't both use unix:" + _directory.Combine("same.sock"), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.EndsWith("can't both use tcp:127.0.0.1:7001", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.EndsWith("can't both use file:" + _directory.Combine("same.log"), StringComparison.Ordinal));
    }

    [Fact]
    public void Attach_hints_say_how_to_reach_each_kind()
    {
        var mux = Read("""
            frontend { type = tcp-client, host = vm.example, port = 4555 }
            backends {
              local { type = unix-server, path = local.sock }
              telnet { type = tcp-server, listen = "127.0.0.1:7001" }
              any { type = tcp-server, port = 0 }
              log { type = file, path = vm.log }
              ring { type = ringbuf }
            }
            """).Muxes.Single();
        var registry = BuiltInChardevs.CreateRegistry();
        string? Hint(ChardevSpec spec) => registry.Find(spec.Type)!.AttachHint(spec);
        Assert.Equal("socat -,raw,echo=0,escape=0x1d unix-connect:" + _directory.Combine("local.sock"), Hint(mux.Backend("local")!));
        Assert.Equal("socat -,raw,echo=0,escape=0x1d tcp:127.0.0.1:7001", Hint(mux.Backend("telnet")!));
        Assert.StartsWith("socat -,raw,echo=0,escape=0x1d tcp:127.0.0.1:PORT", Hint(mux.Backend("any")!), StringComparison.Ordinal);
        Assert.Equal("tail -f " + _directory.Combine("vm.log"), Hint(mux.Backend("log")!));
        Assert.Null(Hint(mux.Backend("ring")!));
        Assert.Contains("vm.example:4555", Hint(mux.Frontend), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_socket_sink_and_stdio_kind_is_registered()
    {
        var types = BuiltInChardevs.CreateRegistry().Types;
        foreach (var type in new[] { "unix-server", "tcp-server", "unix-client", "tcp-client", "file", "ringbuf", "null", "stdio" })
            Assert.Contains(type, types);
    }

    public void Dispose() => _directory.Dispose();

    private ServiceConfig Read(string mux)
    {
        var file = _directory.Combine("mux.conf");
        File.WriteAllText(file, $"muxactors.muxes.m {{\n{mux}\n}}\n");
        return new ServiceConfigReader(BuiltInChardevs.CreateRegistry()).Read(Hocon.HoconConfig.FromFile(file));
    }

    private IReadOnlyList<ConfigError> Errors(string mux)
    {
        var file = _directory.Combine("mux.conf");
        File.WriteAllText(file, $"muxactors.muxes.m {{\n{mux}\n}}\n");
        var (_, errors) = new ServiceConfigReader(BuiltInChardevs.CreateRegistry()).TryRead(Hocon.HoconConfig.FromFile(file));
        return errors;
    }
}
