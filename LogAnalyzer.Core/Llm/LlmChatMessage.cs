namespace LogAnalyzer.Core.Llm;

/// <summary>One chat message exactly as sent (<c>role</c> is "system", "user" or "assistant").</summary>
public sealed record LlmChatMessage(string Role, string Content);
