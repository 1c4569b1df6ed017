namespace MuxActors.Terminal;

/// <summary>
/// An incremental UTF-8 decoder that keeps a partial sequence across calls, following the
/// WHATWG decoding rules: each maximal invalid subpart becomes one U+FFFD, overlongs,
/// surrogates and values above U+10FFFF are rejected at the first byte that proves them bad,
/// and the byte that broke a sequence is decoded again on its own.
/// </summary>
internal struct Utf8Decoder
{
    /// <summary>What <see cref="Push"/> returns while a sequence is still incomplete.</summary>
    public const int NeedMore = -1;

    /// <summary>U+FFFD, what invalid input decodes to.</summary>
    public const int Replacement = 0xFFFD;

    private int _codePoint;
    private int _needed;
    private int _seen;
    private byte _lower;
    private byte _upper;

    /// <summary>True while a multi-byte sequence is partly read.</summary>
    public readonly bool InSequence => _needed != 0;

    /// <summary>
    /// Takes one byte. Returns a code point, or <see cref="NeedMore"/>. When
    /// <paramref name="reprocess"/> comes back true the result is U+FFFD for the broken
    /// sequence and the caller must push the same byte again.
    /// </summary>
    public int Push(byte b, out bool reprocess)
    {
        reprocess = false;
        if (_needed == 0)
        {
            if (b < 0x80)
                return b;
            _lower = 0x80;
            _upper = 0xBF;
            if (b is >= 0xC2 and <= 0xDF)
            {
                _needed = 1;
                _codePoint = b & 0x1F;
            }
            else if (b is >= 0xE0 and <= 0xEF)
            {
                if (b == 0xE0)
                    _lower = 0xA0; // overlong
                else if (b == 0xED)
                    _upper = 0x9F; // surrogates
                _needed = 2;
                _codePoint = b & 0x0F;
            }
            else if (b is >= 0xF0 and <= 0xF4)
            {
                if (b == 0xF0)
                    _lower = 0x90; // overlong
                else if (b == 0xF4)
                    _upper = 0x8F; // above U+10FFFF
                _needed = 3;
                _codePoint = b & 0x07;
            }
            else
            {
                return Replacement; // a stray continuation byte, C0/C1 lead or F5..FF
            }
            return NeedMore;
        }
        if (b < _lower || b > _upper)
        {
            Reset();
            reprocess = true;
            return Replacement;
        }
        _lower = 0x80;
        _upper = 0xBF;
        _codePoint = (_codePoint << 6) | (b & 0x3F);
        if (++_seen < _needed)
            return NeedMore;
        int result = _codePoint;
        Reset();
        return result;
    }

    /// <summary>Drops any partial sequence.</summary>
    public void Reset()
    {
        _codePoint = 0;
        _needed = 0;
        _seen = 0;
    }
}
