namespace MuxActors.Terminal;

/// <summary>The states of the DEC ANSI parser (Paul Williams' VT500-series state machine).</summary>
public enum VtParserState : byte
{
    /// <summary>Printing text and executing controls.</summary>
    Ground,
    /// <summary>After ESC.</summary>
    Escape,
    /// <summary>After ESC and one or more intermediates (0x20–0x2F).</summary>
    EscapeIntermediate,
    /// <summary>After CSI (ESC [).</summary>
    CsiEntry,
    /// <summary>Reading CSI parameters.</summary>
    CsiParam,
    /// <summary>Reading CSI intermediates.</summary>
    CsiIntermediate,
    /// <summary>A malformed CSI, skipped up to its final byte.</summary>
    CsiIgnore,
    /// <summary>After DCS (ESC P).</summary>
    DcsEntry,
    /// <summary>Reading DCS parameters.</summary>
    DcsParam,
    /// <summary>Reading DCS intermediates.</summary>
    DcsIntermediate,
    /// <summary>Inside the DCS data string.</summary>
    DcsPassthrough,
    /// <summary>A malformed DCS, skipped up to its string terminator.</summary>
    DcsIgnore,
    /// <summary>Inside an OSC string (ESC ]).</summary>
    OscString,
    /// <summary>Inside an SOS, PM or APC string, which are skipped.</summary>
    SosPmApcString,
}
