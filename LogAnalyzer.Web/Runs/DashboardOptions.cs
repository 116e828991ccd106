using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Web.Runs;

/// <summary>
/// Section "Dashboard": what a dashboard tab keeps of an analysis once its run ended, so a circuit's memory is bounded
/// whatever the paste. An analysis of at most <see cref="MaxRecordsHeld"/> records is held whole (the usual paste);
/// a larger one is held as the API answers it (patterns, groups and insights cut to <c>Api:Max*</c>) with only its first
/// <see cref="RecordsKept"/> records: the rest are saved apart and the records viewer reads them from the store.
/// </summary>
public sealed class DashboardOptions : IValidatableObject
{
    public const string SectionName = "Dashboard";

    /// <summary>The most records a tab holds after a run; an analysis with more keeps a bounded copy.</summary>
    [Range(1, 100_000_000)]
    public int MaxRecordsHeld { get; set; } = 200_000;

    /// <summary>Records a bounded copy keeps (the first ones): the JSON view and the exports carry them.</summary>
    [Range(0, 1_000_000)]
    public int RecordsKept { get; set; } = 10_000;

    /// <summary>Of a bounded analysis, the records viewer shows at most this many records of a group (its first).</summary>
    [Range(1, 100_000)]
    public int MaxGroupRecordsShown { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RecordsKept > MaxRecordsHeld)
        {
            yield return new ValidationResult(
                $"Dashboard:RecordsKept ({RecordsKept}) must not be over Dashboard:MaxRecordsHeld ({MaxRecordsHeld}).",
                [nameof(RecordsKept), nameof(MaxRecordsHeld)]);
        }
    }
}

/// <summary>Registers the dashboard's run state (one per tab) and its options, validated on start.</summary>
internal static class DashboardSetup
{
    public static IServiceCollection AddDashboardRuns(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<AnalysisRun>(); // one per dashboard; the page disposes it
        return services;
    }
}
