using MuxActors.Vnc.Rfb;

namespace MuxActors.Vnc.Tests;

public sealed class VncAuthTests
{
    [Fact]
    public void The_right_password_answers_the_challenge_and_others_do_not()
    {
        var auth = new VncAuth("pa55word");
        byte[] challenge = VncAuth.NewChallenge();
        Assert.True(auth.Verify(challenge, VncAuth.Respond("pa55word", challenge)));
        Assert.True(auth.Verify(challenge, VncAuth.Respond("pa55wordANDMORE", challenge)));   // only 8 bytes count
        Assert.False(auth.Verify(challenge, VncAuth.Respond("pa55wore", challenge)));
        Assert.False(auth.Verify(VncAuth.NewChallenge(), VncAuth.Respond("pa55word", challenge)));
        Assert.Throws<ArgumentException>(() => new VncAuth(""));
    }

    [Fact]
    public void The_key_is_the_password_with_each_byte_bit_reversed()
    {
        // With the key's bytes reversed back, standard DES gives the same answer: the bit order is the protocol's.
        byte[] challenge = [.. Enumerable.Range(0, 16).Select(i => (byte)(i * 17))];
#pragma warning disable CA5351
        using var des = System.Security.Cryptography.DES.Create();
        des.Key = [0x86, 0x46, 0xC6, 0x26, 0, 0, 0, 0];   // "abcd": 0x61 0x62 0x63 0x64 bit-reversed
        Assert.Equal(des.EncryptEcb(challenge, System.Security.Cryptography.PaddingMode.None), VncAuth.Respond("abcd", challenge));
#pragma warning restore CA5351
    }
}
