namespace LogAnalyzer.Core.Insights;

/// <summary>Where a piece of a group's text came from; decides how strong a match in it is.</summary>
internal enum SegmentKind
{
    /// <summary>An exception type of the cause chain.</summary>
    ExceptionType,
    /// <summary>An exception's message.</summary>
    ExceptionMessage,
    /// <summary>The group's template.</summary>
    Template,
    /// <summary>A member record's (or sample's) whole text, with its input lines.</summary>
    RecordText,
}
