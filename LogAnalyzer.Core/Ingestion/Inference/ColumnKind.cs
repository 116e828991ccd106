namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>The shape of one leading field of a line, as the layout learner sees it.</summary>
internal enum ColumnKind : byte
{
    /// <summary>Any other token: host, component, logger, program, label.</summary>
    Word = 0,

    /// <summary>A timestamp in any shape <see cref="TimestampParser"/> reads (a date, a time, both, epoch seconds).</summary>
    Timestamp,

    /// <summary>A level word or letter, bare or bracketed (<c>INFO</c>, <c>[warn]</c>, <c>E</c>).</summary>
    Level,

    /// <summary>All digits: pid, thread id, sequence number, flag.</summary>
    Number,

    /// <summary>A punctuation field separator: <c>-</c>, <c>|</c>, <c>--</c>, <c>:</c>, <c>-&gt;</c>.</summary>
    Separator,

    /// <summary>A balanced <c>[...]</c> or <c>(...)</c> group: thread, request id, context.</summary>
    Bracket,
}
