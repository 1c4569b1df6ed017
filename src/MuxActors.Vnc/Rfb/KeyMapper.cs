using System.Text;

namespace MuxActors.Vnc.Rfb;

/// <summary>
/// Turns RFB key events (X keysyms) into the bytes a terminal (xterm) sends for them: Return CR, BackSpace DEL,
/// Shift-Tab <c>ESC [ Z</c>, cursor keys <c>ESC [ A</c> (<c>ESC O A</c> in application mode), editing and function keys
/// as <c>ESC [ n ~</c> (F1–F4 <c>ESC O P</c>..), xterm's modifier parameter on those (<c>ESC [ 1 ; 5 A</c> for
/// Ctrl-Up), Ctrl combinations as C0 codes, Alt as an ESC prefix, and any Latin-1 or Unicode keysym as UTF-8.
/// One mapper per viewer: it tracks which modifiers are held.
/// </summary>
public sealed class KeyMapper
{
    private bool _shiftL, _shiftR, _ctrlL, _ctrlR, _altL, _altR;

    private bool Shift => _shiftL || _shiftR;
    private bool Ctrl => _ctrlL || _ctrlR;
    private bool Alt => _altL || _altR;

    /// <summary>The bytes for one key event (empty for releases, modifiers and keys that send nothing).</summary>
    /// <param name="down">Press (true) or release.</param>
    /// <param name="keysym">The X keysym.</param>
    /// <param name="applicationCursorKeys">DECCKM is set on the screen.</param>
    public byte[] Map(bool down, uint keysym, bool applicationCursorKeys)
    {
        if (TrackModifier(keysym, down) || !down)
            return [];
        if (Special(keysym, applicationCursorKeys) is { } sequence)
            return Encoding.ASCII.GetBytes(sequence);
        int codePoint = CodePointOf(keysym);
        if (codePoint < 0)
            return [];
        if (Ctrl && ControlCode(codePoint) is { } control)
            return Alt ? [0x1B, control] : [control];
        var text = Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint));
        return Alt ? [0x1B, .. text] : text;
    }

    private bool TrackModifier(uint keysym, bool down)
    {
        switch (keysym)
        {
            case 0xFFE1: _shiftL = down; return true;
            case 0xFFE2: _shiftR = down; return true;
            case 0xFFE3: _ctrlL = down; return true;
            case 0xFFE4: _ctrlR = down; return true;
            case 0xFFE7 or 0xFFE9: _altL = down; return true;   // Meta_L, Alt_L
            case 0xFFE8 or 0xFFEA: _altR = down; return true;   // Meta_R, Alt_R
            case >= 0xFFE5 and <= 0xFFEE: return true;          // locks, Super, Hyper
            case 0xFE03 or 0xFF7E: return true;                  // AltGr: the viewer sends the composed keysym
            default: return false;
        }
    }

    // xterm's modifier parameter: 1 + Shift 1 + Alt 2 + Ctrl 4; 1 means none.
    private int Modifiers => 1 + (Shift ? 1 : 0) + (Alt ? 2 : 0) + (Ctrl ? 4 : 0);

    private string? Special(uint keysym, bool application)
    {
        string esc = Alt && Modifiers == 3 ? "\u001b" : "";   // Alt alone before a single-byte key
        switch (keysym)
        {
            case 0xFF08: return esc + (Ctrl ? "\b" : "\u007f");                  // BackSpace
            case 0xFF09 when Shift: return "\u001b[Z";
            case 0xFE20: return "\u001b[Z";                                       // ISO_Left_Tab
            case 0xFF09 or 0xFF89: return esc + "\t";
            case 0xFF0D or 0xFF8D: return esc + "\r";                             // Return, KP_Enter
            case 0xFF1B: return esc + "\u001b";
            case 0xFF51 or 0xFF96: return Cursor('D', application);
            case 0xFF52 or 0xFF97: return Cursor('A', application);
            case 0xFF53 or 0xFF98: return Cursor('C', application);
            case 0xFF54 or 0xFF99: return Cursor('B', application);
            case 0xFF50 or 0xFF95: return Cursor('H', application);              // Home
            case 0xFF57 or 0xFF9C: return Cursor('F', application);              // End
            case 0xFF63 or 0xFF9E: return Tilde(2);                               // Insert
            case 0xFFFF or 0xFF9F: return Tilde(3);                               // Delete
            case 0xFF55 or 0xFF9A: return Tilde(5);                               // Prior (PgUp)
            case 0xFF56 or 0xFF9B: return Tilde(6);                               // Next (PgDn)
            case >= 0xFFBE and <= 0xFFC1:                                         // F1-F4
                char final = (char)('P' + (keysym - 0xFFBE));
                return Modifiers == 1 ? $"\u001bO{final}" : $"\u001b[1;{Modifiers}{final}";
            case >= 0xFFC2 and <= 0xFFC9:                                         // F5-F12
                return Tilde(FunctionCodes[keysym - 0xFFC2]);
            default: return null;
        }
    }

    private static readonly int[] FunctionCodes = [15, 17, 18, 19, 20, 21, 23, 24];

    private string Cursor(char final, bool application) =>
        Modifiers != 1 ? $"\u001b[1;{Modifiers}{final}" : application ? $"\u001bO{final}" : $"\u001b[{final}";

    private string Tilde(int code) => Modifiers == 1 ? $"\u001b[{code}~" : $"\u001b[{code};{Modifiers}~";

    private static int CodePointOf(uint keysym) => keysym switch
    {
        >= 0x20 and <= 0x7E or >= 0xA0 and <= 0xFF => (int)keysym,          // Latin-1 keysyms are the code points
        >= 0x0100_0100 and <= 0x0110_FFFF when IsScalar(keysym - 0x0100_0000) => (int)(keysym - 0x0100_0000),
        >= 0xFFB0 and <= 0xFFB9 => (int)('0' + (keysym - 0xFFB0)),           // KP_0..KP_9
        0xFFAA => '*', 0xFFAB => '+', 0xFFAC => ',', 0xFFAD => '-', 0xFFAE => '.', 0xFFAF => '/', 0xFFBD => '=',
        0xFF80 => ' ',
        _ => -1,
    };

    private static bool IsScalar(uint value) => value <= 0x10FFFF && value is not (>= 0xD800 and <= 0xDFFF);

    // What Ctrl makes of a key, as xterm: letters and @[\]^_ to their C0 code, and the digit row's classic aliases.
    private static byte? ControlCode(int c) => c switch
    {
        >= 'a' and <= 'z' => (byte)(c - 'a' + 1),
        >= '@' and <= '_' => (byte)(c - '@'),
        ' ' or '2' => 0,
        '3' => 0x1B, '4' => 0x1C, '5' => 0x1D, '6' or '~' => 0x1E, '7' or '/' => 0x1F, '8' or '?' => 0x7F,
        _ => null,
    };
}
