using LogAnalyzer.Core.Grouping;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;
using static LogAnalyzer.Tests.Support.GroupingSome;

namespace LogAnalyzer.Tests.Grouping;

/// <summary>The same failure stays one group when an occurrence keeps fewer frames; failure text joins whatever its level.</summary>
public sealed class FingerprintHoldsTests
{
    private readonly ErrorGrouper _grouper = new(new SecretRedactor());

    private static ExceptionInfo Deadlock(bool full) =>
        Exception(
            "org.springframework.dao.CannotAcquireLockException",
            "could not execute statement",
            full
                ? [Frame("com.acme.inventory.StockService.reserve"), Frame("com.acme.inventory.api.ReservationController.create"), Frame("com.acme.inventory.api.Filter.doFilter")]
                : [Frame("com.acme.inventory.StockService.reserve")],
            full
                ? [Cause("org.hibernate.exception.LockAcquisitionException", "could not execute statement"), Cause("java.sql.SQLTransactionRollbackException", "Deadlock found")]
                : [Cause("java.sql.SQLTransactionRollbackException", "Deadlock found")]);

    [Fact]
    public void Group_TruncatedOccurrence_FewerFramesAndAWrapperDropped_JoinsTheFullOne()
    {
        var records = Indexed([Record(1, Severity.Error, "reserve failed", Deadlock(full: true)), Record(20, Severity.Error, "reserve failed", Deadlock(full: false))]);

        var groups = _grouper.Group(records, []);

        Assert.Equal(2, Assert.Single(groups).Count);
    }

    [Fact]
    public void Group_DifferentFramesSameChain_StaySeparate()
    {
        var other = Exception("org.springframework.dao.CannotAcquireLockException", "could not execute statement",
            [Frame("com.acme.billing.InvoiceService.close")], Cause("java.sql.SQLTransactionRollbackException", "Deadlock found"));
        var records = Indexed([Record(1, Severity.Error, "reserve failed", Deadlock(full: true)), Record(20, Severity.Error, "close failed", other)]);

        Assert.Equal(2, _grouper.Group(records, []).Count);
    }

    [Theory]
    [InlineData("      Reason:       OOMKilled")]
    [InlineData("Container cart-api exited with code 137")]
    [InlineData("node worker-3 status is now: NodeNotReady")]
    [InlineData("2026-03-04 02:14:58.120 UTC [2231] LOG:  could not write to file \"base/pgsql_tmp/t.4\": No space left on device")]
    [InlineData("Warning  BackOff  pod/cart-api-6c9d7b8f4-k2x8p  Back-off restarting failed container cart-api")]
    public void Group_FailureSignalBelowWarning_IsAGroupMember(string text)
    {
        var records = Indexed([Record(1, Severity.Info, "service started"), Record(2, null, text), Record(3, Severity.Info, text)]);

        var groups = _grouper.Group(records, []);

        var group = Assert.Single(groups);
        Assert.Equal(2, group.Count);
        Assert.Equal(Severity.Error, group.Severity);
        Assert.Null(records[0].GroupId);
    }
}
