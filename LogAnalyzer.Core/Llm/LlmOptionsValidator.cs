using Microsoft.Extensions.Options;

namespace LogAnalyzer.Core.Llm;

/// <summary>DataAnnotations rules of <see cref="LlmOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class LlmOptionsValidator : IValidateOptions<LlmOptions>;
