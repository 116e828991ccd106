using System.Text.RegularExpressions;

namespace LogAnalyzer.Core.Grouping;

/// <summary>
/// Normalizes a stack-frame function name so the same code gives the same name across builds, lines and runs:
/// line numbers, arguments, generic arity/arguments, lambdas and closures, async state machines, anonymous
/// classes and anonymous functions are stripped (.NET, JVM, Python, JavaScript, Go, Ruby, PHP shapes).
/// </summary>
internal static partial class FrameNormalizer
{
    public static string Normalize(string function)
    {
        var s = function.Trim();
        if (s.StartsWith("async ", StringComparison.Ordinal))
        {
            s = s[6..];
        }

        if (s.StartsWith("new ", StringComparison.Ordinal))
        {
            s = s[4..];
        }

        s = RubyBlock().Replace(s, "");

        // .NET compiler-generated names: <LoadAsync>d__5.MoveNext, <>c__DisplayClass3_0.<Run>b__0, <Run>g__Local|2_0.
        s = ClosureClass().Replace(s, "");
        s = LambdaMethod().Replace(s, "$1");
        s = LocalFunction().Replace(s, "$1");
        s = AsyncStateMachine().Replace(s, "$1");

        // JVM: lambda$fetch$0, Foo$$Lambda$123/0x0000000800c0b440, Foo$1 (anonymous class), CGLIB proxies.
        s = JavaLambda().Replace(s, "$1");
        s = JavaSynthetic().Replace(s, "");
        s = JavaAnonymousClass().Replace(s, "");

        // Arguments, generic arity and generic arguments; file:line suffixes and offsets.
        s = CutArguments(s);
        s = GenericArity().Replace(s, "");
        s = BracketArguments().Replace(s, "");
        s = LineSuffix().Replace(s, "");

        // Go closures (handle.func1.2), anonymous functions (<anonymous>, <lambda>, {closure}, block in …).
        s = GoClosure().Replace(s, "");
        s = AnonymousMarker().Replace(s, "");

        s = RepeatedDots().Replace(s, ".");
        return s.Trim('.', ' ', ':', '/');
    }

    /// <summary>"com.acme.OrderClient.fetch" → "OrderClient.fetch": the last two segments, for reasons shown to people.</summary>
    public static string Short(string normalized)
    {
        var last = normalized.LastIndexOfAny(['.', ':', '/', '\\']);
        if (last <= 0)
        {
            return normalized;
        }

        var previous = normalized.LastIndexOfAny(['.', ':', '/', '\\'], last - 1);
        return normalized[(previous + 1)..].TrimStart(':');
    }

    /// <summary>Cuts "(args)"/"(File.java:42)" but keeps Go receivers such as "main.(*Server).handle".</summary>
    private static string CutArguments(string s)
    {
        var i = 0;
        while ((i = s.IndexOf('(', i)) >= 0)
        {
            if (i > 0 && s[i - 1] == '.' && i + 1 < s.Length && s[i + 1] == '*')
            {
                i++;
                continue;
            }

            return s[..i];
        }

        return s;
    }

    [GeneratedRegex(@"<([^<>]+)>d(?:__\d+)?(?:\.MoveNext)?")]
    private static partial Regex AsyncStateMachine();

    [GeneratedRegex(@"<>c(?:__DisplayClass\d+(?:_\d+)?)?\.?")]
    private static partial Regex ClosureClass();

    [GeneratedRegex(@"<([^<>]*)>b__\w+")]
    private static partial Regex LambdaMethod();

    [GeneratedRegex(@"<([^<>]+)>g__[^|.]*\|\w+")]
    private static partial Regex LocalFunction();

    [GeneratedRegex(@"lambda\$([\w]+)\$\d+")]
    private static partial Regex JavaLambda();

    [GeneratedRegex(@"\$\$(?:Lambda|EnhancerBySpringCGLIB|FastClassBySpringCGLIB|SpringCGLIB)\$*[^.\s(]*")]
    private static partial Regex JavaSynthetic();

    [GeneratedRegex(@"\$\d+")]
    private static partial Regex JavaAnonymousClass();

    [GeneratedRegex(@"`\d+")]
    private static partial Regex GenericArity();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex BracketArguments();

    [GeneratedRegex(@"(?::\d+)+$|\s*\+\s*0x[0-9a-fA-F]+$| in .*$| at .*$")]
    private static partial Regex LineSuffix();

    [GeneratedRegex(@"\.func\d+(?:\.\d+)*")]
    private static partial Regex GoClosure();

    [GeneratedRegex(@"\.?<(?:anonymous|lambda|listcomp|dictcomp|setcomp|genexpr)>|\{closure\}")]
    private static partial Regex AnonymousMarker();

    [GeneratedRegex(@"^(?:rescue in |ensure in |block (?:\(\d+ levels\) )?in )")]
    private static partial Regex RubyBlock();

    [GeneratedRegex(@"\.{2,}")]
    private static partial Regex RepeatedDots();
}
