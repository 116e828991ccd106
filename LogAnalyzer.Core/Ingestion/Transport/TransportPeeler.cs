namespace LogAnalyzer.Core.Ingestion.Transport;

/// <summary>
/// Finds which outer prefix a paste carries (the one most sampled lines have) and peels it from each line, so that
/// record assembly and header parsing see the application's own lines.
/// </summary>
internal sealed class TransportPeeler(TransportKind kind, int year)
{
    /// <summary>Share of sampled non-blank lines that must carry the prefix.</summary>
    private const double MinShare = 0.6;

    public static readonly TransportPeeler None = new(TransportKind.None, 0);

    public TransportKind Kind { get; } = kind;

    /// <summary>
    /// Syslog and logcat prefixes are the record's own header too: its first line stays whole (the header parser reads
    /// it), and only the lines that continue it are peeled.
    /// </summary>
    public bool KeepsFirstLine => Kind is TransportKind.Syslog or TransportKind.Logcat;

    public static TransportPeeler Detect(IReadOnlyList<ReadOnlyMemory<char>> sample, int year)
    {
        Span<int> counts = stackalloc int[Enum.GetValues<TransportKind>().Length];
        var timedSteps = 0;
        var lines = 0;
        foreach (var memory in sample)
        {
            var s = memory.Span;
            if (s.IsEmpty || s.IsWhiteSpace())
            {
                continue;
            }

            lines++;
            if (PrefixReaders.TryCri(s, year, out _))
            {
                counts[(int)TransportKind.Cri]++;
            }
            else if (PrefixReaders.TryTimestamped(s, year, out _))
            {
                counts[(int)TransportKind.Timestamped]++;
            }
            else if (PrefixReaders.TryBuildStep(s, out _, out var timed))
            {
                counts[(int)TransportKind.BuildStep]++;
                timedSteps += timed ? 1 : 0;
            }
            else if (PrefixReaders.TryLogcat(s, year, out _))
            {
                counts[(int)TransportKind.Logcat]++;
            }
            else if (PrefixReaders.TrySyslog(s, year, out _))
            {
                counts[(int)TransportKind.Syslog]++;
            }
        }

        if (counts[(int)TransportKind.BuildStep] > 0 && timedSteps * 3 < counts[(int)TransportKind.BuildStep])
        {
            counts[(int)TransportKind.BuildStep] = 0; // "#0 /path" PHP frames, not build steps
        }

        var best = TransportKind.None;
        for (var k = 1; k < counts.Length; k++)
        {
            if (counts[k] > counts[(int)best] && counts[k] >= lines * MinShare)
            {
                best = (TransportKind)k;
            }
        }

        return best == TransportKind.None ? None : new TransportPeeler(best, year);
    }

    public bool TryPeel(ReadOnlySpan<char> s, out TransportLine line)
    {
        line = default;
        return Kind switch
        {
            TransportKind.Cri => PrefixReaders.TryCri(s, year, out line),
            TransportKind.Timestamped => PrefixReaders.TryTimestamped(s, year, out line),
            TransportKind.BuildStep => PrefixReaders.TryBuildStep(s, out line, out _),
            TransportKind.Syslog => PrefixReaders.TrySyslog(s, year, out line),
            TransportKind.Logcat => PrefixReaders.TryLogcat(s, year, out line),
            _ => false,
        };
    }
}
