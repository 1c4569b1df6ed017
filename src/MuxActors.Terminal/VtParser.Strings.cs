namespace MuxActors.Terminal;

public sealed partial class VtParser
{
    /// <summary>
    /// The header bytes 0x20–0x3F shared by CSI and DCS: parameters, the private marker
    /// (only first), intermediates (only after parameters). Returns the next state.
    /// </summary>
    private VtParserState Header(int c, VtParserState state, VtParserState entry, VtParserState param,
        VtParserState intermediate, VtParserState ignore)
    {
        if (c <= 0x2F)
        {
            _sequence.Collect((byte)c);
            return intermediate;
        }
        if (state == intermediate)
            return ignore; // a parameter byte after an intermediate is malformed
        if (c <= 0x39)
        {
            _sequence.AddDigit(c - '0');
            return param;
        }
        if (c is ';' or ':')
        {
            _sequence.AddSeparator(colon: c == ':');
            return param;
        }
        // 0x3C–0x3F: a private marker, valid only as the first byte.
        if (state == entry)
        {
            _sequence.Marker = (byte)c;
            return param;
        }
        return ignore;
    }

    private void PutString(int c)
    {
        if (c <= 0xFFFF)
        {
            if (_stringLength < MaxStringLength)
                _string[_stringLength++] = (char)c;
        }
        else if (_stringLength + 1 < MaxStringLength)
        {
            int v = c - 0x10000;
            _string[_stringLength++] = (char)(0xD800 + (v >> 10));
            _string[_stringLength++] = (char)(0xDC00 + (v & 0x3FF));
        }
    }

    /// <summary>
    /// Ends an OSC or DCS string when leaving its state: dispatched when ended by ESC
    /// (the ST is ESC \) or BEL, dropped when cancelled by CAN or SUB.
    /// </summary>
    private void LeaveString(bool dispatch)
    {
        if (State == VtParserState.OscString)
        {
            if (dispatch)
                _handler.OscDispatch(_string.AsSpan(0, _stringLength));
        }
        else if (State == VtParserState.DcsPassthrough)
        {
            if (dispatch)
                _handler.DcsDispatch(_sequence, _string.AsSpan(0, _stringLength));
        }
        else
        {
            return;
        }
        _stringLength = 0;
    }
}
