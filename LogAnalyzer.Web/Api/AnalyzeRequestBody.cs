namespace LogAnalyzer.Web.Api;

/// <summary>JSON body of <c>POST /api/v1/analyses</c>.</summary>
public sealed record AnalyzeRequestBody(string? Text, bool UseLlm = false, bool IncludeRecords = true);
