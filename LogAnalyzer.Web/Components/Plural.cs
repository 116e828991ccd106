using System.Globalization;

namespace LogAnalyzer.Web.Components;

/// <summary>Counts as people write them: "1 record", "2 records", "1,024 lines" (invariant digits).</summary>
public static class Plural
{
    /// <summary>The count and the noun, the noun plural (by <paramref name="plural"/>, else noun + "s") unless the count is 1.</summary>
    public static string Of(long count, string noun, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + Noun(count, noun, plural);

    /// <summary>Just the noun, singular or plural for <paramref name="count"/>.</summary>
    public static string Noun(long count, string noun, string? plural = null)
    {
        ArgumentNullException.ThrowIfNull(noun);
        return count == 1 ? noun : plural ?? noun + "s";
    }
}
