using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Patterns;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Patterns;

public sealed class MessageMemoTests
{
    [Fact]
    public void SeenMessage_IsFound_UnseenIsNot()
    {
        var memo = new MessageMemo();
        memo.Add("Connection reset by peer", 3);

        Assert.True(memo.TryGet("Connection reset by peer", out var unique));
        Assert.Equal(3, unique);
        Assert.False(memo.TryGet("Connection reset by peer!", out _));
    }

    [Fact]
    public void MessagesThatRarelyRepeat_TurnTheMemoOff_AndFreeIt()
    {
        var memo = new MessageMemo();
        for (var i = 0; i < MessageMemo.ProbeWindow; i++)
        {
            var message = "request " + i + " done";
            Assert.False(memo.TryGet(message, out _));
            memo.Add(message, i);
        }

        Assert.False(memo.Active);
        Assert.Equal(0, memo.Count);
        memo.Add("request 1 done", 1);
        Assert.False(memo.TryGet("request 1 done", out _));
    }

    [Fact]
    public void RepeatingMessages_KeepTheMemoOn_UpToItsBound()
    {
        var memo = new MessageMemo();
        for (var i = 0; i < (2 * MessageMemo.MaxEntries) + 10_000; i++)
        {
            var message = "m" + (i % 2 == 0 ? "repeat" : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!memo.TryGet(message, out _))
            {
                memo.Add(message, i);
            }
        }

        Assert.True(memo.Active);
        Assert.Equal(MessageMemo.MaxEntries, memo.Count);
    }

    [Fact]
    public void Clustering_GivesTheSameAnswer_WhetherMessagesRepeatOrNot()
    {
        // The same lines once each, and each line ten times in a row: every repeat must get its first copy's pattern.
        string[] lines =
        [
            "2026-03-02 10:00:01 INFO Receiving block blk_1 src: /10.0.0.1:50010",
            "2026-03-02 10:00:02 INFO Receiving block blk_2 src: /10.0.0.2:50010",
            "2026-03-02 10:00:03 WARN Connection reset by peer",
            "2026-03-02 10:00:04 INFO session opened for user root",
            "2026-03-02 10:00:05 INFO session opened for user deploy",
        ];
        var once = IngestionRunner.Text(string.Join('\n', lines)).Records;
        var repeated = IngestionRunner.Text(string.Join('\n', lines.SelectMany(l => Enumerable.Repeat(l, 10)))).Records;

        var oncePatterns = new PatternClusterer().Cluster(once);
        var repeatedPatterns = new PatternClusterer().Cluster(repeated);

        Assert.Equal(oncePatterns.Select(p => p.Template), repeatedPatterns.Select(p => p.Template));
        Assert.Equal(oncePatterns.Select(p => p.Count * 10), repeatedPatterns.Select(p => p.Count));
        for (var i = 0; i < repeated.Count; i++)
        {
            Assert.Equal(once[i / 10].PatternId, repeated[i].PatternId);
        }
    }
}
