namespace LogAnalyzer.Core.Llm;

/// <summary>
/// The budgeted, redacted messages for one analysis and what the answer may cite: the group ids sent and, per
/// group, the line numbers shown to the model.
/// </summary>
public sealed record LlmPrompt
{
    /// <summary>Exactly what is sent: system, then user.</summary>
    public required IReadOnlyList<LlmChatMessage> Messages { get; init; }

    /// <summary>Ids of the groups in the prompt, in prompt order.</summary>
    public required IReadOnlyList<string> GroupIds { get; init; }

    /// <summary>How many groups the analysis found (the prompt may show fewer).</summary>
    public required int GroupsTotal { get; init; }

    /// <summary>Per group id: the input line numbers shown for it (the only lines it may cite).</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<int>> EvidenceLines { get; init; }

    /// <summary>Text of each line shown (redacted, bounded), for the evidence quotes.</summary>
    public required IReadOnlyDictionary<int, string> LineText { get; init; }

    /// <summary>Estimate of the prompt tokens (characters over the model's learned ratio; conservative before the first call).</summary>
    public required int EstimatedTokens { get; init; }

    /// <summary>The budget the messages were fitted into (repair round reserve excluded).</summary>
    public required int BudgetTokens { get; init; }

    /// <summary>False when not even one group fits the budget: nothing is sent.</summary>
    public required bool Fits { get; init; }

    /// <summary>Which detail level the budget allowed (0 = full evidence).</summary>
    public required int DetailLevel { get; init; }

    /// <summary>Ids of the incidents in the prompt (they lead it), in prompt order.</summary>
    public IReadOnlyList<string> IncidentIds { get; init; } = [];

    /// <summary>Per incident id: its groups as sent, root first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> IncidentGroups { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Every group id the prompt names (the groups sent and the members of the incidents sent).</summary>
    public IReadOnlyList<string> KnownGroupIds { get; init; } = [];

    /// <summary>Placeholders in the messages by redaction type ("jwt", "password", …): what was masked in what leaves.</summary>
    public required IReadOnlyDictionary<string, int> Redactions { get; init; }
}
