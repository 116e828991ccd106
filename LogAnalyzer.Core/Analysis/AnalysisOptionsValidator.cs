using System.Globalization;
using LogAnalyzer.Core.Llm;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Core.Analysis;

/// <summary>
/// Checks the analysis budget against the LLM budget at start: an analysis budget shorter than the LLM stage's would
/// end a slow provider's analysis with a 504 and no answer, though the rules answer was ready in milliseconds.
/// </summary>
internal sealed class AnalysisOptionsValidator(IOptions<LlmOptions> llm) : IValidateOptions<AnalysisOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var llmSettings = llm.Value;
        if (options.TimeoutSeconds is not { } analysis || !llmSettings.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var needed = llmSettings.TimeoutSeconds + AnalysisOptions.MinimumHeadroomSeconds;
        return analysis >= needed
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"Analysis:TimeoutSeconds ({analysis:0.#} s) must be at least Llm:TimeoutSeconds ({llmSettings.TimeoutSeconds:0.#} s) + {AnalysisOptions.MinimumHeadroomSeconds:0} s, so the rules answer comes back when the LLM stage runs out of time. Raise Analysis:TimeoutSeconds to {needed:0.#} or more, lower Llm:TimeoutSeconds, or leave Analysis:TimeoutSeconds unset to derive it (Llm:TimeoutSeconds + {AnalysisOptions.DerivedHeadroomSeconds:0} s)."));
    }
}
