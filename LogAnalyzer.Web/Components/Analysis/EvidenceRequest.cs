namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>The person asked to see cited lines of a group's insight.</summary>
public sealed record EvidenceRequest(string GroupId, IReadOnlyList<int> Lines);
