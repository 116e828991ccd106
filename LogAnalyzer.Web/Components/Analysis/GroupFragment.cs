namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>
/// The selected group in the URL fragment ("#group-C"), so a link to the page names the group to open once the
/// analysis is shown; and the element ids the linked panes scroll to.
/// </summary>
public static class GroupFragment
{
    private const string Prefix = "group-";

    /// <summary>The id of a group's card in the centre, which is also the fragment that selects it.</summary>
    public static string ElementId(string groupId) => Prefix + groupId;

    /// <summary>The id of a group's recommendation card on the right.</summary>
    public static string InsightElementId(string groupId) => "insight-" + groupId;

    /// <summary>"#group-C" for group C.</summary>
    public static string Fragment(string groupId) => "#" + ElementId(groupId);

    /// <summary>
    /// The group a fragment names ("#group-C" or "group-C" → "C"), or null for any other fragment. Group ids are
    /// letters and digits ("A", "AB", "G12"); anything else is not a group.
    /// </summary>
    public static string? Parse(string? fragment)
    {
        if (string.IsNullOrEmpty(fragment))
        {
            return null;
        }

        var text = fragment.StartsWith('#') ? fragment[1..] : fragment;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = text[Prefix.Length..];
        return id.Length is > 0 and <= 16 && id.All(char.IsAsciiLetterOrDigit) ? id : null;
    }
}
