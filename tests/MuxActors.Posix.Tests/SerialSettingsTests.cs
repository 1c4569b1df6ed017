namespace MuxActors.Posix.Tests;

public sealed class SerialSettingsTests
{
    [Fact]
    public void Defaults_are_115200_8N1_without_flow_control()
    {
        var settings = new SerialSettings();
        settings.Validate();
        Assert.Equal("115200 8N1 flow=none", settings.ToString());
    }

    [Fact]
    public void An_unsupported_baud_rate_lists_the_supported_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => new SerialSettings { BaudRate = 12345 }.Validate());
        Assert.Contains("baud 12345", error.Message, StringComparison.Ordinal);
        Assert.Contains("9600, 19200, 38400, 57600, 115200", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SerialSettings { BaudRate = 0 }.Validate()); // B0 means hang up
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    public void Data_bits_outside_5_to_8_are_refused(int bits)
    {
        var error = Assert.Throws<ArgumentException>(() => new SerialSettings { DataBits = bits }.Validate());
        Assert.Contains("data-bits must be 5, 6, 7 or 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_bits_must_be_1_or_2()
    {
        var error = Assert.Throws<ArgumentException>(() => new SerialSettings { StopBits = 3 }.Validate());
        Assert.Contains("stop-bits must be 1 or 2 (got 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parity_and_flow_words_parse_and_bad_words_name_the_allowed_ones()
    {
        Assert.Equal(SerialParity.Even, SerialSettings.ParseParity("Even"));
        Assert.Equal(SerialFlowControl.RtsCts, SerialSettings.ParseFlowControl("rtscts"));
        Assert.Equal(SerialFlowControl.XonXoff, SerialSettings.ParseFlowControl("xonxoff"));
        Assert.Contains("none, even, odd", Assert.Throws<ArgumentException>(() => SerialSettings.ParseParity("mark")).Message, StringComparison.Ordinal);
        Assert.Contains("none, rtscts, xonxoff", Assert.Throws<ArgumentException>(() => SerialSettings.ParseFlowControl("dsrdtr")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SerialSettings { Parity = (SerialParity)7 }.Validate());
    }

    [Fact]
    public void Invalid_settings_are_refused_before_the_device_is_touched()
    {
        Assert.Throws<ArgumentException>(() => SerialDevice.Open("/nonexistent/tty", new SerialSettings { DataBits = 9 }));
    }
}
