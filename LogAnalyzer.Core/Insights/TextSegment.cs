namespace LogAnalyzer.Core.Insights;

/// <summary>
/// A piece of a group's text to match. <see cref="FirstLine"/>/<see cref="LastLine"/> are the input lines it spans
/// (0 when it has none); <see cref="Slot"/> is the examined record it belongs to (-1: the group itself).
/// <see cref="Innermost"/> marks the deepest cause of an exception chain (its type or message).
/// </summary>
internal sealed record TextSegment(SegmentKind Kind, string Text, int FirstLine, int LastLine, int Slot, string? ExceptionType = null, bool Innermost = false);
