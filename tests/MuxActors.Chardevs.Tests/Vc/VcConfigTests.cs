using MuxActors.Chardevs.Tests.Harness;
using MuxActors.Chardevs.Vc;
using MuxActors.Core.Config;
using MuxActors.Core.Protocol;

namespace MuxActors.Chardevs.Tests.Vc;

/// <summary>Option checking of the vc kind, through the service's configuration reader (with a font of its own, so no package is needed).</summary>
public sealed class VcConfigTests : IDisposable
{
    private readonly ScratchDirectory _directory = new();

    public VcConfigTests() =>
        // A minimal PSF1 font: 256 blank 8x16 glyphs.
        File.WriteAllBytes(_directory.Combine("tiny.psf"), [0x36, 0x04, 0x00, 16, .. new byte[256 * 16]]);

    [Theory]
    [InlineData("font = none.psf", "font", "does not exist")]
    [InlineData("font = mux.conf", "font", "is not a PSF font")]
    [InlineData("font = tiny.psf, cols = 1", "cols", "between 2 and 512")]
    [InlineData("font = tiny.psf, rows = 1000", "rows", "between 1 and 256")]
    [InlineData("font = tiny.psf, listen = \"5900\"", "listen", "is not HOST:PORT")]
    [InlineData("font = tiny.psf, password = \"\"", "password", "the password is empty")]
    [InlineData("font = tiny.psf, password = x, password-file = p", "password-file", "not both")]
    [InlineData("font = tiny.psf, password-file = missing.txt", "password-file", "cannot read")]
    [InlineData("font = tiny.psf, max-clients = 0", "max-clients", "between 1 and 1024")]
    [InlineData("font = tiny.psf, colours = 8", "colours", "unknown key")]
    [InlineData("font = tiny.psf, web-path = \"/v/\"", "web-path", "set 'web' too")]
    [InlineData("font = tiny.psf, allowed-origins = [\"http://a\"]", "allowed-origins", "set 'web' too")]
    [InlineData("font = tiny.psf, web = \"7681\"", "web", "is not HOST:PORT")]
    [InlineData("font = tiny.psf, web = \"127.0.0.1:7681\", web-path = \"v\"", "web-path", "is not a page path")]
    public void A_bad_option_is_reported_with_its_key_path(string options, string key, string fragment)
    {
        var error = Assert.Single(Errors($"vc0 {{ type = vc, {options} }}"));
        Assert.Equal("muxactors.muxes.m.backends.vc0." + key, error.KeyPath);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_listen_on_loopback_5900_and_a_password_file_is_read()
    {
        File.WriteAllText(_directory.Combine("vnc.pass"), "s3cret\n");
        var mux = Read("vc0 { type = vc, font = tiny.psf, password-file = vnc.pass }");
        var spec = mux.Backend("vc0")!;
        Assert.Equal(["tcp:127.0.0.1:5900"], new VcKind().Validate(spec, PortRole.Backend));
        Assert.Equal("gvncviewer 127.0.0.1::5900", new VcKind().AttachHint(spec));
        var options = VcOptions.Read(spec);
        Assert.Equal((80, 24, 16), (options.Cols, options.Rows, options.MaxClients));
        byte[] challenge = Vnc.Rfb.VncAuth.NewChallenge();
        Assert.True(options.Auth!.Verify(challenge, Vnc.Rfb.VncAuth.Respond("s3cret", challenge)));
    }

    [Fact]
    public void Web_alone_serves_only_the_browser_page_and_with_listen_both_are_claimed()
    {
        var mux = Read("""
            webonly { type = vc, font = tiny.psf, web = "127.0.0.1:7681" }
            both { type = vc, font = tiny.psf, listen = "127.0.0.1:5901", web = "127.0.0.1:7681", web-path = "/console/" }
            """);
        var webOnly = mux.Backend("webonly")!;
        Assert.Equal(["web:127.0.0.1:7681/webonly/"], new VcKind().Validate(webOnly, PortRole.Backend));
        Assert.Equal("open http://127.0.0.1:7681/webonly/", new VcKind().AttachHint(webOnly));
        Assert.Null(VcOptions.Read(webOnly).Listen);

        var both = mux.Backend("both")!;
        Assert.Equal(["tcp:127.0.0.1:5901", "web:127.0.0.1:7681/console/"], new VcKind().Validate(both, PortRole.Backend));
        Assert.Equal("gvncviewer 127.0.0.1:1, or open http://127.0.0.1:7681/console/", new VcKind().AttachHint(both));
    }

    [Fact]
    public void A_vc_cannot_be_the_console()
    {
        var error = Assert.Single(Errors("n { type = null }", frontend: "{ type = vc, font = tiny.psf }"));
        Assert.Contains("can't be a frontend", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private Core.Mux.MuxDefinition Read(string backends)
    {
        var file = Write(backends, "{ type = unix-client, path = vm.sock }");
        return new ServiceConfigReader(BuiltInChardevs.CreateRegistry()).Read(Hocon.HoconConfig.FromFile(file)).Muxes.Single();
    }

    private IReadOnlyList<ConfigError> Errors(string backends, string frontend = "{ type = unix-client, path = vm.sock }")
    {
        var (_, errors) = new ServiceConfigReader(BuiltInChardevs.CreateRegistry()).TryRead(Hocon.HoconConfig.FromFile(Write(backends, frontend)));
        return errors;
    }

    private string Write(string backends, string frontend)
    {
        var file = _directory.Combine("mux.conf");
        File.WriteAllText(file, $"muxactors.muxes.m {{\nfrontend {frontend}\nbackends {{\n{backends}\n}}\n}}\n");
        return file;
    }
}
