
namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>Finds exception type names in a line: <c>Exception in thread "main" java.lang.X: msg</c>, <c>Unhandled exception. System.X: msg</c>.</summary>
internal static class TypeNames
{
    /// <summary>
    /// Finds an exception type in a line: the first token that is an exception type name followed by ':' or the
    /// end (<c>Exception in thread "main" java.lang.X: msg</c>, <c>Unhandled exception. System.X: msg</c>).
    /// Lenient mode also accepts any qualified/CamelCase name followed by ':' when it opens the line.
    /// </summary>
    internal static bool FindType(ReadOnlySpan<char> line, bool strict, out string type, out string? message)
    {
        type = string.Empty;
        message = null;
        var p = 0;
        var tokens = 0;
        while (p < line.Length && tokens < 40)
        {
            while (p < line.Length && !(char.IsAsciiLetter(line[p]) || line[p] == '_'))
            {
                p++;
            }

            if (p >= line.Length)
            {
                break;
            }

            var boundary = p == 0 || line[p - 1] is ' ' or '\t' or '(' or '[' or '"' or '\'' or '=' or ':' or ',' or '>';
            var end = p + ContinuationRules.TypeTokenEnd(line[p..]);
            var token = line[p..end].TrimEnd('.');
            var tokenEnd = p + token.Length;
            var hresult = HResultEnd(line, tokenEnd);
            var terminated = tokenEnd == line.Length || line[tokenEnd] == ':' || hresult > 0
                || (tokenEnd + 1 < line.Length && line[tokenEnd] == ' ' && line[tokenEnd + 1] == '[');
            if (boundary && terminated && ((ContinuationRules.IsExceptionTypeName(token) && !(strict && token is "Exception" or "Error" or "Throwable"))
                || (!strict && p == 0 && token.Length > 1 && char.IsAsciiLetterUpper(token[token.LastIndexOf('.') + 1]))))
            {
                type = token.ToString();
                var rest = line[(hresult > 0 ? hresult : tokenEnd)..];
                if (rest.StartsWith(" [", StringComparison.Ordinal))
                {
                    var close = rest.IndexOf("]:", StringComparison.Ordinal);
                    rest = close > 0 ? rest[(close + 1)..] : rest;
                }

                if (rest.StartsWith(":", StringComparison.Ordinal))
                {
                    var m = rest[1..].Trim();
                    message = m.IsEmpty ? null : m.ToString();
                }

                return true;
            }

            p = Math.Max(end, p + 1);
            tokens++;
        }

        return false;
    }

    /// <summary>.NET prints an HRESULT after some types: <c>SqlException (0x80131904): msg</c>; returns the index of ':' or 0.</summary>
    internal static int HResultEnd(ReadOnlySpan<char> line, int tokenEnd)
    {
        // SqlException (0x80131904): msg | SocketException (111): msg
        if (!line[tokenEnd..].StartsWith(" (", StringComparison.Ordinal) || tokenEnd + 2 >= line.Length || !char.IsAsciiDigit(line[tokenEnd + 2]))
        {
            return 0;
        }

        var close = line[tokenEnd..].IndexOf("):", StringComparison.Ordinal);
        return close > 0 && close < 20 ? tokenEnd + close + 1 : 0;
    }

    internal static string GuessLanguage(string type)
    {
        if (type.StartsWith("java.", StringComparison.Ordinal) || type.StartsWith("javax.", StringComparison.Ordinal)
            || type.StartsWith("org.", StringComparison.Ordinal) || type.StartsWith("com.", StringComparison.Ordinal)
            || type.StartsWith("io.", StringComparison.Ordinal) || type.StartsWith("kotlin.", StringComparison.Ordinal))
        {
            return "java";
        }

        if (type.StartsWith("System.", StringComparison.Ordinal) || type.StartsWith("Microsoft.", StringComparison.Ordinal))
        {
            return "dotnet";
        }

        return "unknown";
    }
}
