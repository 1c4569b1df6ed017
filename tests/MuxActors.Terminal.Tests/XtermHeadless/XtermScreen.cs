using System.Text.Json;

namespace MuxActors.Terminal.Tests.XtermHeadless;

/// <summary>A cell as screen.mjs reports it; colours are "d", "p&lt;index&gt;" or "r&lt;rrggbb&gt;".</summary>
public readonly record struct XtermCell(string Chars, int Width, string Foreground, string Background, XtermFlags Flags);

/// <summary>The rendition bits screen.mjs reports (the same values as in the script).</summary>
[Flags]
public enum XtermFlags
{
    None = 0,
    Bold = 1,
    Underline = 2,
    Inverse = 4,
    Dim = 8,
    Italic = 16,
    Blink = 32,
    Invisible = 64,
    Strikethrough = 128,
}

/// <summary>The modes screen.mjs reports from xterm's public <c>modes</c>.</summary>
public sealed record XtermModes(bool ApplicationCursorKeys, bool ApplicationKeypad, bool BracketedPaste, bool Insert,
    bool Origin, bool Wraparound);

/// <summary>
/// What a headless xterm showed: the cursor (<see cref="CursorX"/> is <c>cols</c> while a wrap is pending), its
/// visibility (null when xterm's internals did not say), the modes, the title, each row's text and cells, and the
/// scrollback's text.
/// </summary>
public sealed record XtermScreen(int CursorX, int CursorY, bool? CursorHidden, bool Alternate, XtermModes Modes,
    string? Title, string[] Text, XtermCell[][] Rows, string[] Scrollback)
{
    public static XtermScreen Parse(JsonElement screen)
    {
        JsonElement modes = screen.GetProperty("modes");
        JsonElement hidden = screen.GetProperty("cursorHidden");
        JsonElement title = screen.GetProperty("title");
        return new XtermScreen(
            screen.GetProperty("cursorX").GetInt32(),
            screen.GetProperty("cursorY").GetInt32(),
            hidden.ValueKind == JsonValueKind.Null ? null : hidden.GetBoolean(),
            screen.GetProperty("alternate").GetBoolean(),
            new XtermModes(
                modes.GetProperty("applicationCursorKeys").GetBoolean(),
                modes.GetProperty("applicationKeypad").GetBoolean(),
                modes.GetProperty("bracketedPaste").GetBoolean(),
                modes.GetProperty("insert").GetBoolean(),
                modes.GetProperty("origin").GetBoolean(),
                modes.GetProperty("wraparound").GetBoolean()),
            title.ValueKind == JsonValueKind.Null ? null : title.GetString(),
            [.. screen.GetProperty("text").EnumerateArray().Select(t => t.GetString()!)],
            [.. screen.GetProperty("rows").EnumerateArray().Select(row => row.EnumerateArray().Select(ParseCell).ToArray())],
            [.. screen.GetProperty("scrollback").EnumerateArray().Select(t => t.GetString()!)]);
    }

    private static XtermCell ParseCell(JsonElement cell) => new(
        cell[0].GetString()!, cell[1].GetInt32(), cell[2].GetString()!, cell[3].GetString()!, (XtermFlags)cell[4].GetInt32());
}
