using MuxActors.Chardevs.Exec;
using MuxActors.Chardevs.Pty;
using MuxActors.Core.Chardevs;
using MuxActors.Core.Config;
using MuxActors.Hocon;
using MuxActors.Posix;

namespace MuxActors.Chardevs.Tests.Terminal;

/// <summary>The options of pty, exec and serial as the configuration reader sees them: defaults and errors.</summary>
public sealed class TerminalConfigTests
{
    private const string Backend = """backends { tty { type = pty, link = "/run/mxt/m1.pty" } }""";

    [Theory]
    [InlineData("", "frontend.path", "is required (for example path = \"/dev/ttyUSB0\")")]
    [InlineData("path = /dev/ttyS0, baud = 12345", "frontend.baud", "baud 12345 is not supported; use one of 50, 75,")]
    [InlineData("path = /dev/ttyS0, data-bits = 9", "frontend.data-bits", "data-bits must be 5, 6, 7 or 8 (got 9)")]
    [InlineData("path = /dev/ttyS0, parity = mark", "frontend.parity", "parity must be one of none, even, odd (got 'mark')")]
    [InlineData("path = /dev/ttyS0, stop-bits = 3", "frontend.stop-bits", "stop-bits must be 1 or 2 (got 3)")]
    [InlineData("path = /dev/ttyS0, flow = hard", "frontend.flow", "flow must be one of none, rtscts, xonxoff (got 'hard')")]
    [InlineData("path = /dev/ttyS0, exclusive = maybe", "frontend.exclusive", "exclusive")]
    public void Serial_options_are_checked_and_errors_name_the_key(string options, string key, string message) =>
        AssertOneError($"frontend {{ type = serial, {options} }}", key, message);

    [Theory]
    [InlineData("", "frontend.command", "is required (for example command = [\"/bin/sh\", \"-l\"])")]
    [InlineData("command = /bin/sh", "frontend.command", "must be a list of the program and its arguments")]
    [InlineData("command = []", "frontend.command", "must start with the program to run")]
    [InlineData("command = [sh], restart = sometimes", "frontend.restart", "allowed values: always, on-failure, never")]
    [InlineData("command = [sh], rows = 0", "frontend.rows", "must be between 1 and 65535 (was 0)")]
    [InlineData("command = [sh], cols = 70000", "frontend.cols", "must be between 1 and 65535 (was 70000)")]
    [InlineData("command = [sh], env = [TERM]", "frontend.env", "must be an object of variables")]
    [InlineData("command = [sh], env { TERM = [vt100] }", "frontend.env.TERM", "must be a string, or null to remove the variable (was array)")]
    [InlineData("command = [sh], cwd = \"\"", "frontend.cwd", "must not be empty")]
    public void Exec_options_are_checked_and_errors_name_the_key(string options, string key, string message) =>
        AssertOneError($"frontend {{ type = exec, {options} }}", key, message);

    [Fact]
    public void Exec_defaults_are_a_24x80_terminal_restarted_always_in_the_service_directory()
    {
        var settings = ExecSettings.Read(Spec("exec", """command = ["/bin/sh", "-l"]"""));

        Assert.Equal(["/bin/sh", "-l"], settings.Command);
        Assert.Equal(new WindowSize(24, 80), settings.Size);
        Assert.Equal(RestartPolicy.Always, settings.Restart);
        Assert.Empty(settings.Environment);
        Assert.Null(settings.WorkingDirectory);
    }

    [Fact]
    public void Exec_options_are_read()
    {
        var settings = ExecSettings.Read(Spec("exec", """
            command = [/usr/bin/env, "a b"], rows = 50, cols = 200, restart = on-failure, cwd = /srv
            env { TERM = xterm-256color, LANG = null, COUNT = 3 }
            """));

        Assert.Equal(new WindowSize(50, 200), settings.Size);
        Assert.Equal(RestartPolicy.OnFailure, settings.Restart);
        Assert.Equal("/srv", settings.WorkingDirectory);
        Assert.Equal(new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["LANG"] = null, ["COUNT"] = "3" }, settings.Environment);
        Assert.Equal("/usr/bin/env 'a b'", settings.CommandLine);
    }

    [Fact]
    public void Two_pty_chardevs_cannot_publish_the_same_link()
    {
        var errors = Errors("""
            muxactors.muxes {
              a { frontend { type = pty, link = "/run/mxt/a.pty" }, backends { x { type = pty, link = "/run/mxt/same.pty" } } }
              b { frontend { type = pty, link = "/run/mxt/b.pty" }, backends { y { type = pty, link = "/run/mxt/same.pty" } } }
            }
            """);

        var error = Assert.Single(errors);
        Assert.Contains("can't both use path:/run/mxt/same.pty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_serial_chardevs_cannot_open_the_same_device()
    {
        var errors = Errors($$"""
            muxactors.muxes {
              a { frontend { type = serial, path = /dev/ttyUSB0 }, {{Backend}} }
              b { frontend { type = serial, path = /dev/ttyUSB0 }, backends { y { type = pty, link = /run/mxt/b.pty } } }
            }
            """);

        Assert.Contains("can't both use device:/dev/ttyUSB0", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pty_without_a_link_is_allowed_and_the_hint_names_the_link()
    {
        Assert.Empty(Errors($"muxactors.muxes.m1 {{ frontend {{ type = pty }}, {Backend} }}"));
        Assert.Equal("open /run/mxt/m1.pty with a terminal program, for example: tio /run/mxt/m1.pty",
            new PtyChardev().AttachHint(Spec("pty", "link = /run/mxt/m1.pty")));
    }

    [Fact]
    public void The_registry_has_the_terminal_kinds_for_both_roles()
    {
        var registry = BuiltInChardevs.CreateRegistry();
        foreach (var type in new[] { "pty", "exec", "serial" })
        {
            var kind = registry.Find(type);
            Assert.NotNull(kind);
            Assert.True(kind.CanBeFrontend && kind.CanBeBackend, type);
        }
    }

    private static void AssertOneError(string frontend, string key, string message)
    {
        var errors = Errors($"muxactors.muxes.m1 {{\n{frontend}\n{Backend}\n}}");

        var error = Assert.Single(errors);
        Assert.Equal("muxactors.muxes.m1." + key, error.KeyPath);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.conf:", error.ToString(), StringComparison.Ordinal); // file:line:col
    }

    private static IReadOnlyList<ConfigError> Errors(string hocon) =>
        new ServiceConfigReader(BuiltInChardevs.CreateRegistry()).TryRead(HoconConfig.FromString(hocon, "test.conf")).Errors;

    private static ChardevSpec Spec(string type, string options) =>
        new("c", type, HoconConfig.FromString($"type = {type}\n{options}"), null, "c");
}
