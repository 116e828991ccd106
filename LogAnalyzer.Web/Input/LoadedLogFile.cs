namespace LogAnalyzer.Web.Input;

/// <summary>A log file read into memory: its name, its size on disk and its (decompressed) bytes.</summary>
public sealed record LoadedLogFile(string Name, long FileSize, ReadOnlyMemory<byte> Content, bool Decompressed);
