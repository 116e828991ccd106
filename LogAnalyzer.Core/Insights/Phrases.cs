using System.Globalization;

namespace LogAnalyzer.Core.Insights;

/// <summary>Formatting shared by the insight texts (invariant culture, bounded lengths).</summary>
internal static class Phrases
{
    public static string Time(DateTimeOffset? value) =>
        value is { } t ? t.ToString(t.Offset == TimeSpan.Zero ? "yyyy-MM-dd HH:mm:ss'Z'" : "yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture) : string.Empty;

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds < 10
            ? span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : Math.Round(span.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) + " s";

    public static string Duration(TimeSpan span) =>
        span.TotalMinutes < 2 ? Seconds(span)
        : span.TotalHours < 2 ? Math.Round(span.TotalMinutes).ToString("0", CultureInfo.InvariantCulture) + " min"
        : span.TotalDays < 2 ? Math.Round(span.TotalHours, 1).ToString("0.#", CultureInfo.InvariantCulture) + " h"
        : Math.Round(span.TotalDays, 1).ToString("0.#", CultureInfo.InvariantCulture) + " days";

    public static string Plural(int count, string singular, string plural) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural);

    public static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Cuts a text to <paramref name="max"/> characters at a word boundary, with an ellipsis.</summary>
    public static string Bound(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        if (cut < max / 2)
        {
            cut = max - 1;
        }

        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(" ,;:"), "…");
    }
}
