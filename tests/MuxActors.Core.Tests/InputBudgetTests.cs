using MuxActors.Core.Input;

namespace MuxActors.Core.Tests;

public sealed class InputBudgetTests
{
    [Fact]
    public void Pauses_at_high_water_and_resumes_at_low_water()
    {
        var budget = new InputBudget(100, 20);
        Assert.False(budget.OnQueued(60));
        Assert.True(budget.OnQueued(40));
        Assert.True(budget.Paused);
        Assert.False(budget.OnQueued(10)); // already paused: no second pause
        Assert.False(budget.OnWritten(50));
        Assert.True(budget.OnWritten(40));
        Assert.False(budget.Paused);
        Assert.Equal(20, budget.Queued);
    }

    [Fact]
    public void Reset_forgets_the_queue_and_resumes()
    {
        var budget = new InputBudget(10, 5);
        budget.OnQueued(10);
        Assert.True(budget.Reset());
        Assert.Equal(0, budget.Queued);
        Assert.False(budget.Reset());
    }

    [Fact]
    public void Watermarks_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new InputBudget(10, 10));
        Assert.Throws<ArgumentException>(() => new InputBudget(0, 0));
        Assert.Throws<ArgumentException>(() => new InputBudget(10, -1));
    }
}
