namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>Records in one time slice, by level family.</summary>
public sealed record LevelBucket(DateTimeOffset Start, int Errors, int Warnings, int Others)
{
    public int Total => Errors + Warnings + Others;
}
