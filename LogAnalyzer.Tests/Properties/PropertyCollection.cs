namespace LogAnalyzer.Tests.Properties;

/// <summary>
/// The property tests run the whole pipeline on both cores for seconds at a time. They run apart from every other test
/// (after the parallel ones), so that timing-sensitive tests (browser, LLM budgets) are not starved beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PropertyCollection
{
    public const string Name = "Property tests";
}
