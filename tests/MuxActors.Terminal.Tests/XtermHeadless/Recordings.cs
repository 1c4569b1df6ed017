namespace MuxActors.Terminal.Tests.XtermHeadless;

/// <summary>
/// Real program output recorded on an 80×24 pty with TERM=xterm (Recordings/record.py; the keys typed are listed
/// below): less paging and searching a numbered file, vim and busybox vi editing, top refreshing, and vttest's
/// cursor-movement (1), screen-feature (2), character-set (3) and VT102 insert/delete (8) menus.
/// </summary>
public static class Recordings
{
    // How each was made (from a folder holding numbers.txt, `seq -f 'line %g of the numbered file' 1 200`):
    //   less.bin        less numbers.txt             keys: " ", " ", "b", "/150\r", "G", "g", "q"
    //   vim.bin         vim -u NONE -N -i NONE notes.txt: "ihello 漢字 world\e", "yy5p", ":set number\r", "gg",
    //                   "dd", "Gox\e", ":q!\r"
    //   busybox-vi.bin  busybox vi numbers.txt       keys: "Gdd", "k5x", ":q!\r"
    //   top.bin         top -d 0.5                   keys: "1", "x", "z", "q"
    //   vttest-N.bin    vttest 24x80, its DA query answered ("\e[?62;22c"), menu N chosen, then Return per screen
    //                   (menu 3: sub-tests 8 and 9)

    /// <summary>The recordings next to the test binaries, by file name without ".bin".</summary>
    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Folder, "*.bin").Select(Path.GetFileNameWithoutExtension).Order()!;

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name + ".bin"));

    /// <summary>The aspects not compared for <paramref name="name"/>.</summary>
    public static Aspects Skipped(string name) => name switch
    {
        // top writes every line to the last column and then EL (see Aspects.LastColumnStyle).
        "top" => Aspects.LastColumnStyle,
        _ => Aspects.None,
    };

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Recordings");
}
