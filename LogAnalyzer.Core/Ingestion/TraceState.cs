namespace LogAnalyzer.Core.Ingestion;

/// <summary>Which multi-line grammar the record being assembled is inside, and what its last line announced.</summary>
internal struct TraceState
{
    public TraceKind Kind;

    /// <summary>The record already has continuation lines: a new trace header (Traceback…) starts a record of its own.</summary>
    public bool HasBody;

    /// <summary>The record has indented lines (frames, details): a bare exception line after them is the next crash.</summary>
    public bool HasFrames;

    /// <summary>The last line was a lone label ending in ':' ("Error:", "Description:"): the next line belongs to it.</summary>
    public bool AfterLabel;

    public TraceState(TraceKind kind) => Kind = kind;
}

/// <summary>The trace grammars <see cref="ContinuationRules"/> follows once a record's first lines name one.</summary>
internal enum TraceKind
{
    None = 0,

    /// <summary>After "Traceback (most recent call last):", until the exception line ends it.</summary>
    Python,

    /// <summary>After "During handling of the above exception…" / "The above exception was the direct cause…".</summary>
    PythonChain,

    /// <summary>IPython's "Type    Traceback (most recent call last)": every line until the exception line.</summary>
    IPython,

    /// <summary>After "panic:", "fatal error:" or "goroutine N [...]:": unindented function lines continue the dump.</summary>
    Go,

    /// <summary>After "Stack trace:" / "PHP …": "Next …", "#N" and xdebug "PHP   N." lines continue.</summary>
    Php,

    /// <summary>A Monolog/Laravel line ("[yyyy-MM-dd HH:mm:ss] channel.LEVEL: "): every line until the next such line.</summary>
    Monolog,

    /// <summary>The record is one complete JSON object on one line: its trace is inside it, nothing continues it.</summary>
    JsonObject,

    /// <summary>After a Rails "Type (message):" header: Ruby frames without a leading '/' continue.</summary>
    Ruby,

    /// <summary>After Node's "file.js:12" / "node:internal/…:12" crash header: the source excerpt, error, properties.</summary>
    NodeUncaught,

    /// <summary>After Dart's "Unhandled exception:": every line until the frames.</summary>
    Dart,

    /// <summary>Inside Dart's "#N      fn (uri:l:c)" frames.</summary>
    DartFrames,

    /// <summary>After Rust's "thread 'x' panicked at file:l:c:": the message lines until "note:" / "stack backtrace:".</summary>
    RustMessage,

    /// <summary>After Rust's panic message: "stack backtrace:", indented frames and "note:" lines.</summary>
    RustFrames,

    /// <summary>A REPL input line (">>> "): only "... " prompts continue it.</summary>
    Repl,

    /// <summary>A Spring Boot failure-analysis box ("*****"): lines continue until one starts with a digit (a timestamp).</summary>
    SpringBox,

    /// <summary>java.util.logging's first line ("Mar 11, 2024 12:50:01 PM class method"): the "LEVEL: message" line continues it.</summary>
    JulHeader,
}
