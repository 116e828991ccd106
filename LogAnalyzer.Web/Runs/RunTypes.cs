using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Web.Components.Analysis;

namespace LogAnalyzer.Web.Runs;

/// <summary>Where the dashboard's latest analysis stands (the page's <c>data-run</c> attribute, lower-cased).</summary>
public enum RunOutcome
{
    /// <summary>Nothing analysed yet.</summary>
    Idle = 0,

    /// <summary>An analysis is under way.</summary>
    Running,

    /// <summary>Every stage finished.</summary>
    Completed,

    /// <summary>The person (or a newer run) cancelled it; the stages that finished are shown.</summary>
    Cancelled,

    /// <summary>A stage failed unexpectedly; the earlier stages' results are shown.</summary>
    Failed,

    /// <summary>The input was refused (empty, too large, over a limit); nothing ran.</summary>
    Invalid,
}

/// <summary>The dashboard's panes, each of which shows the error of the stages it renders.</summary>
public enum ResultPane
{
    /// <summary>Centre, top: records and patterns.</summary>
    Results = 0,

    /// <summary>Centre: error groups.</summary>
    Groups,

    /// <summary>Right: rules' and LLM insights.</summary>
    Insights,
}

/// <summary>
/// The input the page hands to a run: a request, or why there is none (<see cref="Error"/>); both null when the page
/// is closing and there is nothing to say.
/// </summary>
public sealed record RunInput(AnalysisRequest? Request, string? Error)
{
    /// <summary>The page is going away (the tab closed while the input was read).</summary>
    public static RunInput Gone { get; } = new(null, null);

    public static RunInput Of(AnalysisRequest request) => new(request, null);

    public static RunInput Refused(string error) => new(null, error);
}

/// <summary>
/// Reads the input for one run (the chosen file, or the pasted text streamed from the browser). Called once the
/// run holds its per-client permit; <paramref name="useLlm"/> is what the request should ask for.
/// </summary>
public delegate Task<RunInput> RunInputSource(bool useLlm, CancellationToken cancellationToken);

/// <summary>
/// Records shown in context: a group's, or the lines an insight cites; <paramref name="Note"/> says in plain words which
/// of them cannot be shown and why (records of a large analysis that are neither held by the tab nor stored).
/// </summary>
public sealed record RecordsView(string Title, IReadOnlyList<RecordRow> Rows, int Context, string? GroupId, string? Note = null);
