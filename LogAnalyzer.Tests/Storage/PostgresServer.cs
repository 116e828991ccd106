using System.Diagnostics;
using System.Globalization;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// A throwaway PostgreSQL on a free loopback port: initdb into a temporary folder, postgres on it, stopped and deleted
/// at the end. As root it runs as the "postgres" user (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private Process? _process;
    private System.Text.StringBuilder? _output;
    private string? _folder;

    public int Port { get; private set; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=loganalyzer;Database=postgres;Timeout=5";

    public async Task InitializeAsync()
    {
        if (ScaleOutBinaries.PostgresBin is not { } bin)
        {
            return; // the scale-out test is skipped with the reason
        }

        _folder = Path.Combine(Path.GetTempPath(), "loganalyzer-pg-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(_folder);
        var user = LoopbackProcess.IsRoot ? "postgres" : null;
        if (user is not null)
        {
            await LoopbackProcess.RunAsync("chown", ["-R", user, _folder]).ConfigureAwait(false);
        }

        await LoopbackProcess.RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "loganalyzer", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], user).ConfigureAwait(false);
        Port = LoopbackProcess.FreePort();
        (_process, _output) = LoopbackProcess.Start(Path.Combine(bin, "postgres"),
        [
            "-D", data, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _folder,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "shared_buffers=16MB",
        ], user);
        await LoopbackProcess.WaitForPortAsync(Port, _process, _output, "postgres").ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        // SIGINT is PostgreSQL's "fast" shutdown (it does not wait for clients); the pid file names the postmaster itself.
        int? pid = null;
        if (_folder is not null && File.Exists(Path.Combine(_folder, "data", "postmaster.pid")))
        {
            var first = (await File.ReadAllLinesAsync(Path.Combine(_folder, "data", "postmaster.pid")).ConfigureAwait(false)).FirstOrDefault();
            pid = int.TryParse(first, CultureInfo.InvariantCulture, out var p) ? p : null;
        }

        await LoopbackProcess.StopAsync(_process, pid, "-INT").ConfigureAwait(false);
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // a file still held: the temporary folder is cleaned by the system
            }
        }
    }
}
