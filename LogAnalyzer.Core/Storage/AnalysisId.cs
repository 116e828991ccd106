using System.Security.Cryptography;

namespace LogAnalyzer.Core.Storage;

/// <summary>
/// Analysis ids: 128 random bits as 32 lowercase hex digits. A permalink is the only key to a saved analysis, so an id
/// carries no time or sequence that would let one be guessed from another.
/// </summary>
public static class AnalysisId
{
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    /// <summary>True for the shape <see cref="New"/> makes; anything else is a malformed id (400), not an unknown one (404).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.AsSpan().IndexOfAnyExcept(HexDigits) < 0;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");
}
