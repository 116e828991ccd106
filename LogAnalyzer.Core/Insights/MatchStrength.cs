namespace LogAnalyzer.Core.Insights;

/// <summary>Where a rule's signature was found: in the exception chain is strongest, in the template only weakest.</summary>
internal enum MatchStrength
{
    None = 0,
    Template = 1,
    Text = 2,
    Exception = 3,
}
