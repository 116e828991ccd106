using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>Maps level names, abbreviations and numeric levels (syslog, pino/bunyan) to <see cref="Severity"/>.</summary>
internal static class LevelParser
{
    /// <summary>A level word such as INFO, Warn, ERR, fatal, notice, emerg, "Information" (case-insensitive).</summary>
    public static bool TryParseName(ReadOnlySpan<char> word, out Severity level)
    {
        level = default;
        if (word.Length is < 2 or > 11)
        {
            return false;
        }

        Span<char> upper = stackalloc char[word.Length];
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }

            upper[i] = (char)(c & ~0x20);
        }

        Severity? found = upper switch
        {
            "TRACE" or "TRC" or "TRCE" or "VERBOSE" or "VRB" or "FINEST" or "FINER" or "ALL" => Severity.Trace,
            "DEBUG" or "DBG" or "DBUG" or "DEBG" or "FINE" or "CONFIG" => Severity.Debug,
            "INFO" or "INF" or "INFORMATION" or "INFORMATIONAL" or "NOTICE" or "NOTE" => Severity.Info,
            "WARN" or "WARNING" or "WRN" or "WARNINGS" => Severity.Warning,
            "ERROR" or "ERR" or "EROR" or "ERRO" or "SEVERE" or "FAIL" or "FAILURE" or "ERRORS" => Severity.Error,
            "FATAL" or "FTL" or "CRIT" or "CRITICAL" or "CRT" or "ALERT" or "EMERG" or "EMERGENCY" or "PANIC" or "SEVERE_ERROR" => Severity.Critical,
            _ => null,
        };
        if (found is null)
        {
            return false;
        }

        level = found.Value;
        return true;
    }

    /// <summary>Single-letter levels used by logcat, glog/klog and Ruby's Logger (V D I W E F A).</summary>
    public static bool TryParseLetter(char c, out Severity level)
    {
        Severity? found = c switch
        {
            'V' or 'T' => Severity.Trace,
            'D' => Severity.Debug,
            'I' or 'N' => Severity.Info,
            'W' => Severity.Warning,
            'E' => Severity.Error,
            'F' or 'A' or 'C' => Severity.Critical,
            _ => null,
        };
        level = found ?? default;
        return found is not null;
    }

    /// <summary>Syslog severity 0-7 (PRI &amp; 7).</summary>
    public static Severity FromSyslog(int severity) => severity switch
    {
        <= 2 => Severity.Critical,
        3 => Severity.Error,
        4 => Severity.Warning,
        5 or 6 => Severity.Info,
        _ => Severity.Debug,
    };

    /// <summary>pino/bunyan numeric levels (10 trace … 60 fatal); also accepts 0-7 syslog numbers when small.</summary>
    public static Severity? FromNumber(double number) => number switch
    {
        >= 60 => Severity.Critical,
        >= 50 => Severity.Error,
        >= 40 => Severity.Warning,
        >= 30 => Severity.Info,
        >= 20 => Severity.Debug,
        >= 10 => Severity.Trace,
        >= 0 and <= 7 => FromSyslog((int)number),
        _ => null,
    };

    /// <summary>HTTP status as a hint for access logs: 5xx error, 4xx warning, otherwise info.</summary>
    public static Severity FromHttpStatus(int status) => status switch
    {
        >= 500 => Severity.Error,
        >= 400 => Severity.Warning,
        _ => Severity.Info,
    };

    /// <summary>Parses any JSON/logfmt level value: a name, a single letter, or a number.</summary>
    public static Severity? FromValue(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (TryParseName(value, out var level))
        {
            return level;
        }

        if (value.Length == 1 && TryParseLetter(char.ToUpperInvariant(value[0]), out level))
        {
            return level;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return FromNumber(number);
        }

        return null;
    }
}
