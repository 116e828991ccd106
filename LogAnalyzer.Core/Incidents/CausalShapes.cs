using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Incidents;

/// <summary>
/// Known ways one failure produces another: an unreachable dependency produces timeouts, exhausted pools and upstream
/// 5xx downstream; a full disk produces write failures; an OOM kill produces restarts and refused connections.
/// Depth orders causes before the symptoms they produce (lower is closer to the root).
/// </summary>
internal static class CausalShapes
{
    /// <summary>Rules whose match is usually a consequence of something else (<see cref="Insights.InsightRule.Symptom"/>).</summary>
    private static readonly HashSet<string> SymptomRules = new(
        Insights.RuleCatalogue.Default.Rules.Where(r => r.Symptom).Select(r => r.Id), StringComparer.Ordinal);

    private static readonly string[] WriteWords = ["writ", "i/o", "ioexception", "persist", "flush", "save", "fsync", "append", "upload", "spool"];

    public static bool IsCause(GroupProfile group) =>
        group.Category != CauseCategory.Unknown
        && (group.Rule is null
            ? group.Category is not (CauseCategory.Timeout or CauseCategory.UpstreamError)
            : !SymptomRules.Contains(group.Rule));

    /// <summary>0 for the deepest causes (exhausted memory or disk, configuration, certificates) up to 5 for unknown.</summary>
    public static int Depth(GroupProfile group) => group.Category switch
    {
        CauseCategory.ResourceExhaustion when group.IsCause => 0,
        CauseCategory.Configuration or CauseCategory.TlsCertificate => 0,
        CauseCategory.Auth or CauseCategory.CrashLoop or CauseCategory.Concurrency or CauseCategory.DataError
            or CauseCategory.CodeDefect or CauseCategory.RateLimited => 1,
        CauseCategory.DependencyUnreachable => 2,
        CauseCategory.Timeout or CauseCategory.ResourceExhaustion => 3,
        CauseCategory.UpstreamError => 4,
        _ => 5,
    };

    /// <summary>True when a failure like <paramref name="cause"/> is known to produce one like <paramref name="effect"/>.</summary>
    public static bool CanCause(GroupProfile cause, GroupProfile effect)
    {
        var symptomPool = effect.Category == CauseCategory.ResourceExhaustion && !effect.IsCause;
        return cause.Category switch
        {
            CauseCategory.ResourceExhaustion when cause.IsCause =>
                effect.Category is CauseCategory.CrashLoop or CauseCategory.DependencyUnreachable or CauseCategory.UpstreamError
                    or CauseCategory.Timeout or CauseCategory.DataError
                || symptomPool
                || (effect.Category == CauseCategory.Unknown && WriteWords.Any(w => effect.Words.Contains(w, StringComparison.Ordinal))),
            CauseCategory.CrashLoop => effect.Category is CauseCategory.DependencyUnreachable or CauseCategory.UpstreamError or CauseCategory.Timeout,
            CauseCategory.DependencyUnreachable =>
                effect.Category is CauseCategory.Timeout or CauseCategory.UpstreamError or CauseCategory.CrashLoop || symptomPool,
            CauseCategory.Timeout or CauseCategory.ResourceExhaustion =>
                effect.Category is CauseCategory.UpstreamError || (effect.Category is CauseCategory.Timeout && cause.Category != CauseCategory.Timeout) || symptomPool,
            CauseCategory.Configuration or CauseCategory.TlsCertificate =>
                effect.Category is CauseCategory.CrashLoop or CauseCategory.UpstreamError or CauseCategory.DependencyUnreachable,
            CauseCategory.Concurrency => effect.Category is CauseCategory.Timeout or CauseCategory.UpstreamError || symptomPool,
            CauseCategory.Auth or CauseCategory.RateLimited or CauseCategory.CodeDefect or CauseCategory.DataError =>
                effect.Category is CauseCategory.UpstreamError,
            _ => false,
        };
    }
}
