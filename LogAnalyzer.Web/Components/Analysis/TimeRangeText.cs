using System.Globalization;
using LogAnalyzer.Web.Export;

namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>
/// A time range as the page shows it: the start with its date, the end with its date too when the day differs
/// ("2005-06-03 22:42:53 → 2005-06-11 16:16:09 UTC (7 d 17 h)"), so a range over midnight or over days is not
/// mistaken for a few hours of one day.
/// </summary>
public static class TimeRangeText
{
    public const string NoTimestamps = "no timestamps";

    /// <param name="first">The first timestamp, or null when the records carry none.</param>
    /// <param name="last">The last timestamp, or null when the records carry none.</param>
    /// <param name="withMilliseconds">True for "HH:mm:ss.fff" (a group's records), false for whole seconds.</param>
    public static string Format(DateTimeOffset? first, DateTimeOffset? last, bool withMilliseconds = false)
    {
        if (first is not { } start || last is not { } end)
        {
            return NoTimestamps;
        }

        var s = start.UtcDateTime;
        var e = end.UtcDateTime;
        var time = withMilliseconds ? "HH:mm:ss.fff" : "HH:mm:ss";
        var endFormat = s.Date == e.Date ? time : "yyyy-MM-dd " + time;
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.ToString("yyyy-MM-dd " + time, CultureInfo.InvariantCulture)} → {e.ToString(endFormat, CultureInfo.InvariantCulture)} UTC ({IncidentMarkdown.Duration(end - start)})");
    }
}
