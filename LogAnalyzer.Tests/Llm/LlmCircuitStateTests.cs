using LogAnalyzer.Core.Llm;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Llm;

public sealed class LlmCircuitStateTests
{
    [Fact]
    public void Hold_UntilItExpires_IsOpenWithReasonThenCloses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var state = new LlmCircuitState(time);

        state.Hold(TimeSpan.FromMinutes(5), "credits exhausted");

        Assert.True(state.IsOpen);
        Assert.Equal(time.GetUtcNow().AddMinutes(5), state.OpenUntil);
        Assert.Equal("credits exhausted", state.Reason);
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.False(state.IsOpen);
        Assert.Null(state.OpenUntil);
        Assert.Null(state.Reason);
    }

    [Fact]
    public void BreakerOpened_ThenClosed_FollowsTheBreaker()
    {
        var time = new FakeTimeProvider();
        var state = new LlmCircuitState(time);

        state.BreakerOpened(TimeSpan.FromSeconds(30));
        var open = state.IsOpen;
        state.BreakerClosed();

        Assert.True(open);
        Assert.False(state.IsOpen);
    }

    [Fact]
    public void NewState_IsClosed() => Assert.False(new LlmCircuitState(new FakeTimeProvider()).IsOpen);
}
