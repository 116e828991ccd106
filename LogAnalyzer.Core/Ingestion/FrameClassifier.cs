namespace LogAnalyzer.Core.Ingestion;

/// <summary>Guesses whether a stack frame is application code or framework/library/runtime code.</summary>
internal static class FrameClassifier
{
    private static readonly string[] LibraryFunctionPrefixes =
    [
        "java.", "javax.", "jakarta.", "sun.", "jdk.", "com.sun.", "org.springframework.", "org.apache.", "org.hibernate.",
        "org.eclipse.", "org.junit.", "org.gradle.", "io.netty.", "com.fasterxml.", "kotlin.", "kotlinx.", "scala.", "akka.",
        "reactor.", "io.micrometer.", "com.google.", "org.slf4j.", "ch.qos.", "io.grpc.", "okhttp3.", "retrofit2.",
        "System.", "Microsoft.", "Newtonsoft.", "Npgsql.", "Polly.", "Serilog.", "Castle.", "lambda_method", "MediatR.", "Grpc.",
        "runtime.", "net/http.", "net.", "sync.", "reflect.", "testing.", "internal/", "google.golang.org/", "github.com/gin-gonic/",
        "Illuminate\\", "Symfony\\", "Laravel\\", "GuzzleHttp\\", "Doctrine\\", "Monolog\\", "Composer\\",
        "node:", "process.", "Module.", "Object.<anonymous>", "new Promise", "Promise.", "processTicksAndRejections",
        "Layer.handle", "Route.dispatch", "next (", "Function.Module", "Generator.next",
    ];

    private static readonly string[] LibraryPathFragments =
    [
        "node_modules", "node:internal", "internal/", "site-packages", "dist-packages", "/usr/lib/python", "/usr/local/lib/python",
        "lib/python3", "lib/python2", "<frozen ", "/runtime/", "runtime/", "/usr/local/go/", "/usr/lib/go", "/go/pkg/mod/", "GOROOT",
        "vendor/", "/gems/", "/ruby/", "<internal:", "rubygems", "/rbenv/", "/rvm/", "/usr/lib/ruby", "/usr/share/php", "/usr/lib/jvm",
        "/dotnet/shared/", "Microsoft.NETCore.App", "/_/src/libraries/", "/_/src/", "D:\\a\\_work", "/usr/share/dotnet",
    ];

    public static bool IsInApp(string function, string? file)
    {
        foreach (var prefix in LibraryFunctionPrefixes)
        {
            if (function.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (function.StartsWith("java.base/", StringComparison.Ordinal) || function.Contains("/java.", StringComparison.Ordinal))
        {
            return false;
        }

        if (file is null)
        {
            return !function.Contains("<anonymous>", StringComparison.Ordinal) || function.Length > 20;
        }

        foreach (var fragment in LibraryPathFragments)
        {
            if (file.Contains(fragment, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return file is not ("Native Method" or "Unknown Source" or "<anonymous>" or "[internal function]");
    }
}
