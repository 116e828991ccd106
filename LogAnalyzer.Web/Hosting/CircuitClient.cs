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
}

/// <summary>Fills <see cref="CircuitClient"/> when the circuit's connection comes up.</summary>
internal sealed class CircuitClientHandler(CircuitClient client, IHttpContextAccessor accessor) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } context)
        {
            client.Key = ClientIdentity.Of(context);
        }

        return Task.CompletedTask;
    }
}
