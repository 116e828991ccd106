using System.Collections.Concurrent;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Prompt-size estimates per model, learned from the provider's own count. Before the first call a model is assumed
/// to take <see cref="ConservativeCharsPerToken"/> characters per token (logs tokenize worse than prose, digits worst);
/// each answer's <c>usage.prompt_tokens</c> then sets the model's ratio (less a 5 % margin), so the budget tightens
/// or loosens to the real tokenizer after one call. Thread-safe; process-wide.
/// </summary>
public sealed class LlmTokenCounter
{
    /// <summary>Characters per token assumed before a model's first answer (below the 2.8–3.6 seen on log text).</summary>
    public const double ConservativeCharsPerToken = 2.5;

    /// <summary>Tokens a chat template adds per message, and per chat.</summary>
    internal const int PerMessageTokens = 6;

    internal const int PerChatTokens = 3;

    private const double SafetyMargin = 0.95;

    private readonly ConcurrentDictionary<string, double> _charsPerToken = new(StringComparer.Ordinal);

    /// <summary>The ratio used for <paramref name="model"/>: learned, or the conservative start.</summary>
    public double CharsPerToken(string model) =>
        _charsPerToken.TryGetValue(model ?? "", out var ratio) ? ratio : ConservativeCharsPerToken;

    /// <summary>True once <paramref name="model"/> has reported a prompt size.</summary>
    public bool HasLearned(string model) => _charsPerToken.ContainsKey(model ?? "");

    public int Estimate(string model, string text) => text is null ? 0 : (int)Math.Ceiling(text.Length / CharsPerToken(model));

    public int Estimate(string model, IEnumerable<LlmChatMessage> messages) =>
        messages?.Sum(m => Estimate(model, m.Content) + PerMessageTokens) + PerChatTokens ?? 0;

    /// <summary>Learns <paramref name="model"/>'s ratio from what the provider counted for <paramref name="messages"/>.</summary>
    public void Observe(string model, IReadOnlyList<LlmChatMessage> messages, int promptTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var contentTokens = promptTokens - (messages.Count * PerMessageTokens) - PerChatTokens;
        var characters = messages.Sum(m => m.Content.Length);
        if (contentTokens <= 0 || characters == 0)
        {
            return;
        }

        // Bounded, so one odd usage report (a provider that counts the schema, or none of the prompt) cannot blow the budget.
        _charsPerToken[model ?? ""] = Math.Clamp(characters / (double)contentTokens * SafetyMargin, 1.0, 6.0);
    }
}
