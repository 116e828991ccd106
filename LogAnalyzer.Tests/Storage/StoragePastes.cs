namespace LogAnalyzer.Tests.Storage;

/// <summary>Pairs of pastes for "is it gone?": written for these tests (no benchmark data).</summary>
internal static class StoragePastes
{
    /// <summary>Before the fix: the database refuses twice, a cart error, a disk warning.</summary>
    public const string Before = """
        2026-03-02 10:00:01,000 INFO [main] shop.Server - Started on port 8080
        2026-03-02 10:00:02,000 ERROR [pool-1] shop.Db - Connection refused to db:5432
        2026-03-02 10:00:03,000 ERROR [pool-1] shop.Db - Connection refused to db:5432
        2026-03-02 10:00:04,000 ERROR [http-1] shop.Cart - Cart total is negative for order 1234
        2026-03-02 10:00:05,000 WARN [disk-1] shop.Disk - Disk usage at 91 percent on /var
        """;

    /// <summary>After: the cart error is fixed, the database refuses three times, a new payment timeout, the same disk warning.</summary>
    public const string After = """
        2026-03-02 10:00:01,000 INFO [main] shop.Server - Started on port 8080
        2026-03-02 10:00:02,000 ERROR [pool-1] shop.Db - Connection refused to db:5432
        2026-03-02 10:00:03,000 ERROR [pool-1] shop.Db - Connection refused to db:5432
        2026-03-02 10:00:03,500 ERROR [pool-1] shop.Db - Connection refused to db:5432
        2026-03-02 10:00:05,000 WARN [disk-1] shop.Disk - Disk usage at 91 percent on /var
        2026-03-02 10:00:06,000 ERROR [http-2] shop.Payments - Payment gateway timed out after 3000 ms
        """;
}
