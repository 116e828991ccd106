namespace LogAnalyzer.Web.Input;

/// <summary>A file that cannot be analysed; <see cref="Exception.Message"/> is fit to show a person.</summary>
public sealed class LogFileException : Exception
{
    public LogFileException()
    {
    }

    public LogFileException(string message)
        : base(message)
    {
    }

    public LogFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
