using System.Text;

namespace MuxActors.Terminal.Tests;

public sealed class ReplyFilterTests
{
    private static string Filter(string input, bool positionPending = false)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        return Encoding.ASCII.GetString(bytes, 0, TerminalReplyFilter.Filter(bytes, positionPending));
    }

    [Theory]
    [InlineData("\e[?62;22c", "")]          // DA1 answer
    [InlineData("\e[>1;10;0c", "")]         // DA2 answer
    [InlineData("\e[0n", "")]               // status: OK
    [InlineData("\e[?5;1R", "")]            // DECXCPR
    [InlineData("ab\e[?1;2cde", "abde")]    // around other input
    [InlineData("\e[A\e[1;5A", "\e[A\e[1;5A")] // arrows, plain and with Ctrl
    [InlineData("\e[5n", "\e[5n")]          // a question, not an answer
    [InlineData("\e[", "\e[")]              // cut short: not a reply
    [InlineData("\e", "\e")]                // the Escape key
    public void Replies_go_and_keys_stay(string input, string expected) => Assert.Equal(expected, Filter(input));

    [Fact]
    public void A_position_report_goes_only_while_a_position_question_is_outstanding()
    {
        // xterm sends Ctrl+F3 as CSI 1;5R: the same shape as a cursor position report.
        Assert.Equal("\e[1;5R", Filter("\e[1;5R", positionPending: false));
        Assert.Equal("x", Filter("\e[12;40Rx", positionPending: true));
    }
}
