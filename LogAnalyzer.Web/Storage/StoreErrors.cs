namespace LogAnalyzer.Web.Storage;

/// <summary>Which exceptions mean "the analysis store cannot answer right now" (503 for the API, a sentence on the page).</summary>
internal static class StoreErrors
{
    public static bool IsUnavailable(Exception exception) =>
        exception is System.Data.Common.DbException or TimeoutException or IOException or InvalidOperationException
            or System.Net.Sockets.SocketException or OperationCanceledException;

    public const string UnavailableSentence =
        "Saved analyses cannot be read right now (the database does not answer). New analyses still run; try again shortly.";
}
