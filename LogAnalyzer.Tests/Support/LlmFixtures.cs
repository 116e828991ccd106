using System.Globalization;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;

namespace LogAnalyzer.Tests.Support;

/// <summary>
/// Realistic records and error groups for the LLM tests, built directly (a Spring Boot service whose DB pool runs dry
/// and whose payment client times out), so the LLM stage can be tested independently of the grouping stage.
/// </summary>
public static class LlmFixtures
{
    public const string SpringLog =
        """
        2026-03-02 10:14:05,001 INFO  [main] com.shop.ShopApplication - Started ShopApplication in 8.214 seconds (process running for 9.1)
        2026-03-02 10:14:06,120 INFO  [http-nio-8080-exec-1] com.shop.api.OrderController - POST /api/orders accepted order=1201
        2026-03-02 10:14:07,120 WARN  [HikariPool-1 housekeeper] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m2s).
        2026-03-02 10:14:37,500 ERROR [http-nio-8080-exec-2] com.shop.db.OrderRepository - Failed to save order 1202
        java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
        	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
        	at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)
        	at com.shop.db.OrderRepository.save(OrderRepository.java:42)
        	at com.shop.api.OrderController.create(OrderController.java:57)
        Caused by: java.net.ConnectException: Connection refused
        	at java.base/sun.nio.ch.Net.connect0(Native Method)
        2026-03-02 10:14:38,010 ERROR [http-nio-8080-exec-3] com.shop.payment.PaymentClient - Payment call failed for order 1203: Read timed out after 5000 ms
        2026-03-02 10:15:07,800 ERROR [http-nio-8080-exec-4] com.shop.db.OrderRepository - Failed to save order 1204
        java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
        	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
        	at com.shop.db.OrderRepository.save(OrderRepository.java:42)
        2026-03-02 10:15:08,100 WARN  [HikariPool-1 housekeeper] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=58s).
        2026-03-02 10:15:09,000 ERROR [http-nio-8080-exec-5] com.shop.payment.PaymentClient - Payment call failed for order 1205: Read timed out after 5000 ms
        2026-03-02 10:15:10,000 INFO  [http-nio-8080-exec-6] com.shop.api.OrderController - GET /api/orders/1201 200 12ms
        """;

    /// <summary>Records of <paramref name="text"/> (continuation lines join the record above), redacted by the real ingestor path's redactor.</summary>
    public static List<LogRecord> Records(string text, SecretRedactor? redactor = null)
    {
        redactor ??= new SecretRedactor();
        var tally = new RedactionTally();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var records = new List<LogRecord>();
        var start = 0;
        for (var i = 1; i <= lines.Length; i++)
        {
            if (i < lines.Length && IsContinuation(lines[i]))
            {
                continue;
            }

            var recordText = redactor.Redact(string.Join('\n', lines[start..i]), tally);
            var first = recordText.Split('\n')[0];
            records.Add(new LogRecord
            {
                Index = records.Count,
                LineStart = start + 1,
                LineEnd = i,
                Timestamp = DateTimeOffset.TryParseExact(first.Length >= 23 ? first[..23] : "", "yyyy-MM-dd HH:mm:ss,fff",
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts) ? ts : null,
                Level = first.Contains(" ERROR ", StringComparison.Ordinal) ? Severity.Error
                    : first.Contains(" WARN ", StringComparison.Ordinal) ? Severity.Warning : Severity.Info,
                Format = LogFormat.Text,
                Message = first,
                Text = recordText,
                Exception = ExceptionOf(recordText),
            });
            start = i;
        }

        return records;
    }

    /// <summary>Groups: A = DB pool timeouts, B = payment timeouts, C = Hikari housekeeper warnings.</summary>
    public static (List<ErrorGroup> Groups, List<LogRecord> Records, List<Insight> Rules) Spring(SecretRedactor? redactor = null) =>
        Grouped(Records(SpringLog, redactor), r =>
            r.Text.Contains("SQLTransientConnectionException", StringComparison.Ordinal) ? "A"
            : r.Text.Contains("PaymentClient", StringComparison.Ordinal) ? "B"
            : r.Level == Severity.Warning ? "C"
            : null);

    /// <summary>Assigns groups by <paramref name="groupOf"/> and builds each group and a rules insight for it.</summary>
    public static (List<ErrorGroup> Groups, List<LogRecord> Records, List<Insight> Rules) Grouped(
        List<LogRecord> records, Func<LogRecord, string?> groupOf)
    {
        foreach (var record in records)
        {
            record.GroupId = groupOf(record);
        }

        var groups = records.Where(r => r.GroupId is not null)
            .GroupBy(r => r.GroupId!, StringComparer.Ordinal)
            .Select(g => new ErrorGroup
            {
                Id = g.Key,
                Label = "Error Group " + g.Key,
                Count = g.Count(),
                Severity = g.Max(r => r.Level) ?? Severity.Error,
                ExceptionTypes = [.. g.Where(r => r.Exception is not null).Select(r => r.Exception!.Type).Distinct()],
                Template = g.First().Message,
                FirstLine = g.First().LineStart,
                LastLine = g.Last().LineEnd,
                FirstSeen = g.First().Timestamp,
                LastSeen = g.Last().Timestamp,
                Samples = [.. g.Take(3).Select(r => new GroupSample(r.LineStart, r.LineEnd, r.Text))],
                Fingerprint = "fp-" + g.Key,
                Reason = "Same message template.",
            })
            .OrderBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
        var rules = groups.Select(g => new Insight
        {
            GroupId = g.Id,
            ProbableCause = "unknown",
            Confidence = 0.2,
            Source = InsightSource.Rules,
            Rule = "generic",
        }).ToList();
        return (groups, records, rules);
    }

    /// <summary>An input summary for <paramref name="records"/>.</summary>
    public static InputSummary Summary(IReadOnlyList<LogRecord> records) => new()
    {
        TotalLines = records.Count == 0 ? 0 : records[^1].LineEnd,
        TotalRecords = records.Count,
    };

    /// <summary>Ingestion options with defaults.</summary>
    public static IngestionOptions Ingestion() => new();

    private static bool IsContinuation(string line) =>
        line.StartsWith('\t') || line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith("Caused by:", StringComparison.Ordinal)
        || (line.Length > 0 && char.IsLetter(line[0]) && line.Contains("Exception", StringComparison.Ordinal) && !char.IsDigit(line[0]));

    private static ExceptionInfo? ExceptionOf(string text)
    {
        var lines = text.Split('\n');
        var header = lines.FirstOrDefault(l => !char.IsDigit(l.FirstOrDefault()) && l.Contains("Exception", StringComparison.Ordinal) && !l.StartsWith('\t'));
        if (header is null)
        {
            return null;
        }

        var colon = header.IndexOf(": ", StringComparison.Ordinal);
        var causes = lines.Where(l => l.StartsWith("Caused by: ", StringComparison.Ordinal)).Select(l =>
        {
            var cause = l["Caused by: ".Length..];
            var c = cause.IndexOf(": ", StringComparison.Ordinal);
            return new ExceptionCause { Type = c < 0 ? cause : cause[..c], Message = c < 0 ? null : cause[(c + 2)..] };
        }).ToList();
        return new ExceptionInfo
        {
            Language = "java",
            Type = colon < 0 ? header : header[..colon],
            Message = colon < 0 ? null : header[(colon + 2)..],
            Frames = [.. lines.Where(l => l.StartsWith("\tat ", StringComparison.Ordinal)).Select(l => new StackFrameInfo
            {
                Function = l[4..].Split('(')[0],
                File = l.Contains('(', StringComparison.Ordinal) ? l.Split('(')[1].TrimEnd(')').Split(':')[0] : null,
                InApp = l.Contains("com.shop", StringComparison.Ordinal),
            })],
            Causes = causes,
        };
    }
}
