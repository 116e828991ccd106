using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>One leading field of a line: where it is, its shape, and what it holds when it is a timestamp or a level.</summary>
internal readonly record struct HeaderToken(int Start, int End, ColumnKind Kind)
{
    /// <summary>The token (without trailing <c>,</c>) ends with <c>:</c>, as <c>Component:</c> or <c>proc[42]:</c> do.</summary>
    public bool EndsWithColon { get; init; }

    /// <summary>The token is a lone <c>-</c> (a nil field in syslog 5424, access logs and labelled columns).</summary>
    public bool IsDash { get; init; }

    /// <summary>Blanks after the token: two or more mean a padded, column-aligned layout.</summary>
    public int GapAfter { get; init; }

    public DateTimeOffset? Time { get; init; }

    public Severity Level { get; init; }
}
