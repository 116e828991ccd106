using FluentValidation.Results;

namespace LogAnalyzer.Core.Analysis;

/// <summary>The input cannot be analysed; <see cref="Exception.Message"/> is fit to show a person.</summary>
public sealed class AnalysisInputException : Exception
{
    public AnalysisInputException()
    {
        Errors = [];
    }

    public AnalysisInputException(string message)
        : base(message)
    {
        Errors = [];
    }

    public AnalysisInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public AnalysisInputException(IReadOnlyList<ValidationFailure> errors)
        : base(errors is { Count: > 0 } ? errors[0].ErrorMessage : "The input cannot be analysed.")
    {
        Errors = errors ?? [];
    }

    public IReadOnlyList<ValidationFailure> Errors { get; }

    /// <summary>True when the input was over the size limit.</summary>
    public bool IsTooLarge => Errors.Any(e => e.ErrorCode == AnalysisRequestValidator.TooLargeCode);
}
