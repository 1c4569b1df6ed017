using MuxActors.Core.Config.Qemu;

namespace MuxActors.Core.Tests.Qemu;

public sealed class QemuOptionsTests
{
    [Fact]
    public void First_element_is_the_backend_and_the_rest_are_pairs_in_order()
    {
        var options = QemuOptions.Parse("socket,path=/tmp/sock,server=on,wait=off,id=sock0,mux-be-id=mux0");
        Assert.Equal("socket", options.Backend);
        Assert.Equal("sock0", options.Id);
        Assert.Equal(["path", "server", "wait", "id", "mux-be-id"], options.Pairs.Select(p => p.Key));
        Assert.Equal("/tmp/sock", options.Get("path"));
        Assert.Null(options.Get("host"));
    }

    [Fact]
    public void Double_comma_is_a_literal_comma_in_values()
    {
        var options = QemuOptions.Parse("file,id=f,path=/tmp/a,,b,,,,c.log,append=on");
        Assert.Equal("/tmp/a,b,,c.log", options.Get("path"));
        Assert.True(options.GetBool("append", false));
        Assert.Equal("a,,b", QemuOptions.Escape("a,b"));
        Assert.Equal("x,y", QemuOptions.Parse("file,path=" + QemuOptions.Escape("x,y")).Get("path"));
    }

    [Fact]
    public void A_later_key_wins_and_backend_can_be_a_key()
    {
        var options = QemuOptions.Parse("id=s,backend=socket,path=a,path=b");
        Assert.Equal("socket", options.Backend);
        Assert.Equal("b", options.Get("path"));
        Assert.DoesNotContain(options.Pairs, p => p.Key == "backend");
    }

    [Fact]
    public void Key_without_value_is_the_short_form_of_on()
    {
        var options = QemuOptions.Parse("socket,id=s,path=p,server");
        Assert.True(options.GetBool("server", false));
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("yes", true)]
    [InlineData("true", true)]
    [InlineData("off", false)]
    [InlineData("no", false)]
    [InlineData("false", false)]
    public void Booleans_accept_qemu_spellings(string text, bool expected) =>
        Assert.Equal(expected, QemuOptions.Parse("socket,server=" + text).GetBool("server", !expected));

    [Fact]
    public void A_bad_boolean_is_reported_in_qemu_words()
    {
        var ex = Assert.Throws<QemuOptionException>(() => QemuOptions.Parse("socket,server=maybe").GetBool("server", false));
        Assert.Equal("Parameter 'server' expects 'on' or 'off'", ex.Message);
        Assert.Equal("server", ex.Key);
    }

    [Fact]
    public void A_bad_number_is_reported_in_qemu_words()
    {
        var ex = Assert.Throws<QemuOptionException>(() => QemuOptions.Parse("socket,reconnect=soon").GetNumber("reconnect"));
        Assert.Equal("Parameter 'reconnect' expects a number", ex.Message);
        Assert.Equal(5UL, QemuOptions.Parse("socket,reconnect=5").GetNumber("reconnect"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("id=x")]
    public void No_backend_is_an_error(string text) =>
        Assert.Equal("Parameter 'backend' is missing", Assert.Throws<QemuOptionException>(() => QemuOptions.Parse(text)).Message);
}
