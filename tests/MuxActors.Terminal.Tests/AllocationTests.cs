using System.Text;

namespace MuxActors.Terminal.Tests;

public class AllocationTests
{
    [Fact]
    public void Printing_colouring_and_scrolling_allocate_nothing_per_byte()
    {
        byte[] block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(
            "plain ascii text that fills most of a line, then more of it\r\n\e[1;32mok\e[0m 漢字 ─│ \e[38;2;1;2;3mrgb\e[m\r\n", 200)));
        var screen = new Screen(80, 24, 100);
        for (int i = 0; i < 20; i++)
            screen.Feed(block); // fill the scrollback ring, warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
            screen.Feed(block);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"{allocated} bytes allocated feeding {50 * block.Length} bytes");
    }
}
