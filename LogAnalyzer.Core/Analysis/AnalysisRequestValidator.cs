using FluentValidation;
using LogAnalyzer.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Core.Analysis;

/// <summary>Rejects input that cannot be analysed, with messages a person can act on.</summary>
public sealed class AnalysisRequestValidator : AbstractValidator<AnalysisRequest>
{
    /// <summary>Error code for empty or whitespace-only input (HTTP 400).</summary>
    public const string EmptyCode = "empty";

    /// <summary>Error code for input over the size limit (HTTP 413).</summary>
    public const string TooLargeCode = "tooLarge";

    public AnalysisRequestValidator(IOptions<IngestionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var max = options.Value.MaxInputBytes;
        RuleFor(r => r)
            .Must(r => r.Text is not null || r.Bytes is not null)
            .WithErrorCode(EmptyCode).OverridePropertyName("text")
            .WithMessage("Paste or upload at least one line of log text.");
        RuleFor(r => r.Text)
            .Must(t => !string.IsNullOrWhiteSpace(t))
            .When(r => r.Text is not null)
            .WithErrorCode(EmptyCode).OverridePropertyName("text")
            .WithMessage("The log text is empty or only whitespace. Paste or upload at least one line.");
        RuleFor(r => r.Text)
            .Must(t => (long)t!.Length <= max)
            .When(r => r.Text is not null)
            .WithErrorCode(TooLargeCode).OverridePropertyName("text")
            .WithMessage($"The input is larger than the limit of {FormatSize(max)}. Split it or keep the relevant time window.");
        RuleFor(r => r.Bytes)
            .Must(b => b!.Value.Length <= max)
            .When(r => r.Bytes is not null)
            .WithErrorCode(TooLargeCode).OverridePropertyName("text")
            .WithMessage($"The input is larger than the limit of {FormatSize(max)}. Split it or keep the relevant time window.");
        RuleFor(r => r.Bytes)
            .Must(b => !IsBlank(b!.Value.Span))
            .When(r => r.Bytes is not null && r.Bytes.Value.Length <= max)
            .WithErrorCode(EmptyCode).OverridePropertyName("text")
            .WithMessage("The log text is empty or only whitespace. Paste or upload at least one line.");
    }

    public static string FormatSize(long bytes) =>
        bytes >= 1024 * 1024
            ? $"{bytes / (1024.0 * 1024.0):0.#} MB"
            : $"{bytes / 1024.0:0.#} KB";

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            // BOM bytes, ASCII whitespace and NUL (UTF-16 padding) do not make content.
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0 or 0xEF or 0xBB or 0xBF or 0xFE or 0xFF))
            {
                return false;
            }
        }

        return true;
    }
}
