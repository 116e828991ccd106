namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>Where one pipeline stage stands in the current run.</summary>
public enum StageState
{
    Waiting = 0,
    Running,
    Done,
    Skipped,
    Failed,
    Cancelled,
}
