namespace MuxActors.Terminal;

/// <summary>
/// A VT500-style parser: UTF-8 is decoded first (invalid input becomes U+FFFD, a sequence
/// split across <see cref="Feed"/> calls is kept), then each code point drives Paul Williams'
/// DEC ANSI state machine and the <see cref="IVtHandler"/> is called. Runs of printable
/// ASCII in the ground state go to the handler in one call without per-byte work here.
/// C1 controls (U+0080–U+009F) are ignored, as xterm does in UTF-8 mode. Colons in CSI
/// parameters are accepted as sub-parameter separators (SGR 38:2:r:g:b).
/// </summary>
public sealed partial class VtParser
{
    /// <summary>OSC and DCS strings are cut at this many characters; the rest is dropped.</summary>
    public const int MaxStringLength = 4096;

    private const int Esc = 0x1B, Can = 0x18, Sub = 0x1A, Bel = 0x07;

    private readonly IVtHandler _handler;
    private readonly VtSequence _sequence = new();
    private readonly char[] _string = new char[MaxStringLength];
    private int _stringLength;
    private Utf8Decoder _utf8;

    /// <summary>A parser calling <paramref name="handler"/>.</summary>
    public VtParser(IVtHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    /// <summary>The current state, for tests and diagnostics.</summary>
    public VtParserState State { get; private set; }

    /// <summary>Parses <paramref name="data"/>; state carries over to the next call.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length)
        {
            if (State == VtParserState.Ground && !_utf8.InSequence)
            {
                int run = data[i..].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
                if (run < 0)
                    run = data.Length - i;
                if (run > 0)
                {
                    _handler.PrintAscii(data.Slice(i, run));
                    i += run;
                    continue;
                }
            }
            byte b = data[i++];
            int codePoint;
            if (b < 0x80 && !_utf8.InSequence)
            {
                codePoint = b;
            }
            else
            {
                codePoint = _utf8.Push(b, out bool reprocess);
                if (reprocess)
                    i--;
                if (codePoint == Utf8Decoder.NeedMore)
                    continue;
            }
            Advance(codePoint);
        }
    }

    /// <summary>Returns to the ground state, dropping any partial sequence or string.</summary>
    public void Reset()
    {
        _utf8.Reset();
        _sequence.Clear();
        _stringLength = 0;
        State = VtParserState.Ground;
    }

    private void Advance(int c)
    {
        // Transitions valid from every state.
        if (c == Esc)
        {
            LeaveString(dispatch: true);
            _sequence.Clear();
            State = VtParserState.Escape;
            return;
        }
        if (c is Can or Sub)
        {
            LeaveString(dispatch: false);
            _handler.Execute(c);
            State = VtParserState.Ground;
            return;
        }
        if (c is >= 0x80 and <= 0x9F)
            return; // C1 in UTF-8 mode: ignored

        switch (State)
        {
            case VtParserState.Ground:
                if (c < 0x20)
                    _handler.Execute(c);
                else if (c != 0x7F)
                    _handler.Print(c);
                break;
            case VtParserState.Escape:
            case VtParserState.EscapeIntermediate:
                OnEscape(c);
                break;
            case VtParserState.CsiEntry:
            case VtParserState.CsiParam:
            case VtParserState.CsiIntermediate:
            case VtParserState.CsiIgnore:
                OnCsi(c);
                break;
            case VtParserState.DcsEntry:
            case VtParserState.DcsParam:
            case VtParserState.DcsIntermediate:
                OnDcsHeader(c);
                break;
            case VtParserState.DcsPassthrough:
                if (c != 0x7F)
                    PutString(c);
                break;
            case VtParserState.OscString:
                if (c == Bel)
                {
                    LeaveString(dispatch: true); // xterm accepts BEL as the terminator
                    State = VtParserState.Ground;
                }
                else if (c >= 0x20)
                {
                    PutString(c);
                }
                break;
            default:
                break; // DcsIgnore, SosPmApcString: swallowed until ESC, CAN or SUB
        }
    }

    private void OnEscape(int c)
    {
        if (c < 0x20)
        {
            _handler.Execute(c);
            return;
        }
        if (c <= 0x2F)
        {
            _sequence.Collect((byte)c);
            State = VtParserState.EscapeIntermediate;
            return;
        }
        if (c >= 0x7F)
            return;
        if (State == VtParserState.Escape)
        {
            switch (c)
            {
                case '[':
                    State = VtParserState.CsiEntry;
                    return;
                case ']':
                    _stringLength = 0;
                    State = VtParserState.OscString;
                    return;
                case 'P':
                    State = VtParserState.DcsEntry;
                    return;
                case 'X' or '^' or '_':
                    State = VtParserState.SosPmApcString;
                    return;
            }
        }
        _sequence.Final = (byte)c;
        State = VtParserState.Ground;
        if (!_sequence.TooManyIntermediates)
            _handler.EscDispatch(_sequence);
    }

    private void OnCsi(int c)
    {
        if (c < 0x20)
        {
            _handler.Execute(c);
            return;
        }
        if (c == 0x7F || c > 0x7E)
            return; // DEL and stray non-ASCII are ignored inside a sequence
        if (c >= 0x40)
        {
            bool ignore = State == VtParserState.CsiIgnore;
            State = VtParserState.Ground;
            _sequence.Final = (byte)c;
            if (!ignore && !_sequence.TooManyIntermediates)
                _handler.CsiDispatch(_sequence);
            return;
        }
        if (State == VtParserState.CsiIgnore)
            return;
        State = Header(c, State, VtParserState.CsiEntry, VtParserState.CsiParam,
            VtParserState.CsiIntermediate, VtParserState.CsiIgnore);
    }

    private void OnDcsHeader(int c)
    {
        if (c < 0x20 || c == 0x7F || c > 0x7E)
            return; // controls inside a DCS header are ignored
        if (c >= 0x40)
        {
            _sequence.Final = (byte)c;
            _stringLength = 0;
            State = _sequence.TooManyIntermediates ? VtParserState.DcsIgnore : VtParserState.DcsPassthrough;
            return;
        }
        State = Header(c, State, VtParserState.DcsEntry, VtParserState.DcsParam,
            VtParserState.DcsIntermediate, VtParserState.DcsIgnore);
    }
}
