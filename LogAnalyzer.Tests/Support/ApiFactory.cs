namespace LogAnalyzer.Tests.Support;

/// <summary>The app with default settings (no LLM key), as a class fixture: an <see cref="AppFactory"/> with nothing set.</summary>
public sealed class ApiFactory() : AppFactory(new Dictionary<string, string?>());
