using System.Globalization;
using LogAnalyzer.Core.Ingestion;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>Timestamp shapes added for header inference: compact, bracketed year-less, milliseconds after a colon.</summary>
public sealed class TimestampShapeTests
{
    private const int Today = 2026_03_02;

    [Theory]
    [InlineData("20171223-22:15:29:606|x", "2017-12-23T22:15:29.6060000+00:00", 21)]
    [InlineData("20240115 10:15:30 rest", "2024-01-15T10:15:30.0000000+00:00", 17)]
    [InlineData("[07.26 13:37:52] app", "2025-07-26T13:37:52.0000000+00:00", 16)]
    [InlineData("[01.15 10:15:30] app", "2026-01-15T10:15:30.0000000+00:00", 16)]
    [InlineData("02/14 22:14:15 x", "2026-02-14T22:14:15.0000000+00:00", 14)]
    [InlineData("2005-06-03-15.42.50.675872 R02", "2005-06-03T15:42:50.6758720+00:00", 26)]
    [InlineData("1117838570 2005.06.03", "2005-06-03T22:42:50.0000000+00:00", 10)]
    public void Shape_IsRead(string text, string expected, int consumed)
    {
        Assert.True(TimestampParser.TryParse(text, Today, out var value, out var n));
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), value);
        Assert.Equal(consumed, n);
    }

    [Theory]
    [InlineData("12345678 records")]
    [InlineData("20241399-10:00:00 x")]
    [InlineData("[10:15:30 INF] Starting")]
    public void NotATimestamp(string text) =>
        Assert.False(TimestampParser.TryParse(text, Today, out var value, out _) && value is not null);
}
