using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// The client behind a Blazor circuit (signed-in user or forwarded address), captured from the circuit's
/// connection, so the dashboard is held to the same per-client limits as the REST API.
/// </summary>
public sealed class CircuitClient
{
    /// <summary>The limiter key; "circuit:unknown" until the connection is up.</summary>
    public string Key { get; internal set; } = "circuit:unknown";

    /// <summary>True when this tab is past the client's cap on open tabs (<see cref="RateLimitingOptions.CircuitsPerClient"/>).</summary>
    public bool OverCircuitCap { get; internal set; }

    internal bool Counted { get; set; }
}

/// <summary>Fills <see cref="CircuitClient"/> when the circuit's connection comes up and counts it per client.</summary>
internal sealed class CircuitClientHandler(CircuitClient client, IHttpContextAccessor accessor, CircuitRegistry registry) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (!client.Counted && !client.OverCircuitCap && accessor.HttpContext is { } context)
        {
            client.Key = ClientIdentity.Of(context);
            client.Counted = registry.TryOpen(client.Key);
            client.OverCircuitCap = !client.Counted;
        }

        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (client.Counted)
        {
            registry.Close(client.Key);
            client.Counted = false;
        }

        return Task.CompletedTask;
    }
}
