using System.Security.Cryptography;
using System.Text;

// DES is what the RFB protocol's VNC authentication is made of; nothing else here uses it.
#pragma warning disable CA5351

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// VNC authentication (RFC 6143 §7.2.2): the server sends 16 random bytes, the client encrypts them with DES, the key
/// being the password's first 8 bytes (zero-padded) with each byte's bits reversed. The password is kept only as
/// that key; it is never logged or shown.
/// </summary>
public sealed class VncAuth
{
    private readonly byte[] _key;

    /// <summary>A checker for <paramref name="password"/>; only its first 8 bytes (UTF-8) count, as in every VNC server.</summary>
    /// <exception cref="ArgumentException">The password is empty, or makes a DES weak key.</exception>
    public VncAuth(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        _key = KeyOf(password);
        if (DES.IsWeakKey(_key) || DES.IsSemiWeakKey(_key))
            throw new ArgumentException("this password makes a weak DES key; choose another", nameof(password));
    }

    /// <summary>A fresh 16-byte challenge.</summary>
    public static byte[] NewChallenge() => RandomNumberGenerator.GetBytes(16);

    /// <summary>What a client knowing the password answers to <paramref name="challenge"/>.</summary>
    public byte[] Expected(ReadOnlySpan<byte> challenge) => Encrypt(_key, challenge);

    /// <summary>Whether <paramref name="response"/> answers <paramref name="challenge"/> (compared in constant time).</summary>
    public bool Verify(ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> response) =>
        response.Length == 16 && CryptographicOperations.FixedTimeEquals(Expected(challenge), response);

    /// <summary>The response a client computes: used by tests and tools that play the client.</summary>
    public static byte[] Respond(string password, ReadOnlySpan<byte> challenge) => Encrypt(KeyOf(password), challenge);

    private static byte[] KeyOf(string password)
    {
        var key = new byte[8];
        byte[] bytes = Encoding.UTF8.GetBytes(password);
        for (int i = 0; i < Math.Min(8, bytes.Length); i++)
            key[i] = Reverse(bytes[i]);
        return key;
    }

    private static byte Reverse(byte b)
    {
        int r = 0;
        for (int i = 0; i < 8; i++)
            r |= ((b >> i) & 1) << (7 - i);
        return (byte)r;
    }

    private static byte[] Encrypt(byte[] key, ReadOnlySpan<byte> challenge)
    {
        using var des = DES.Create();
        des.Key = key;
        return des.EncryptEcb(challenge, PaddingMode.None);
    }
}
