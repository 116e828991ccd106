using System.Globalization;
using System.Text;

namespace LogAnalyzer.LoadTest;

/// <summary>Realistic mixed application logs (text layout, JSON lines, Java and .NET traces), seeded.</summary>
internal static class SampleLogGenerator
{
    private static readonly string[] Paths = ["/api/orders", "/api/orders/{id}", "/api/cart", "/health", "/api/users/{id}/profile"];
    private static readonly string[] Hosts = ["payments.internal:8443", "inventory:9090", "db-primary:5432", "cache-1:6379"];

    public static string Generate(int targetBytes, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(targetBytes + 4096);
        var time = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero).AddSeconds(seed % 1000);
        while (sb.Length < targetBytes)
        {
            time = time.AddMilliseconds(random.Next(1, 900));
            var ts = time.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
            var roll = random.Next(100);
            var requestId = random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
            if (roll < 55)
            {
                var path = Paths[random.Next(Paths.Length)].Replace("{id}", random.Next(1, 50_000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                sb.Append(CultureInfo.InvariantCulture, $"{ts} INFO  [http-nio-8080-exec-{random.Next(1, 40)}] c.e.api.RequestLogger - GET {path} 200 in {random.Next(2, 400)} ms requestId={requestId}\n");
            }
            else if (roll < 70)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{{\"@t\":\"{time:O}\",\"@l\":\"Warning\",\"@mt\":\"Slow query {{Query}} took {{Elapsed}} ms\",\"Query\":\"select_order_lines\",\"Elapsed\":{random.Next(500, 5000)},\"RequestId\":\"{requestId}\"}}\n");
            }
            else if (roll < 82)
            {
                var host = Hosts[random.Next(Hosts.Length)];
                sb.Append(CultureInfo.InvariantCulture, $"{ts} ERROR [pool-2-thread-{random.Next(1, 8)}] c.e.client.UpstreamClient - Call to {host} failed requestId={requestId}\n");
                sb.Append("java.net.SocketTimeoutException: Read timed out\n");
                sb.Append("\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)\n");
                sb.Append("\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)\n");
                sb.Append(CultureInfo.InvariantCulture, $"\tat com.example.client.UpstreamClient.fetch(UpstreamClient.java:{random.Next(80, 120)})\n");
                sb.Append("\tat com.example.orders.OrderService.load(OrderService.java:57)\n");
                sb.Append("\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)\n");
                sb.Append("\t... 42 more\n");
            }
            else if (roll < 92)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{ts} ERROR Orders.Api.CheckoutHandler: Checkout failed for cart {Guid.NewGuid()}\n");
                sb.Append("System.InvalidOperationException: Sequence contains no elements\n");
                sb.Append("   at System.Linq.ThrowHelper.ThrowNoElementsException()\n");
                sb.Append(CultureInfo.InvariantCulture, $"   at Orders.Api.CheckoutHandler.<HandleAsync>d__4.MoveNext() in /src/Orders.Api/CheckoutHandler.cs:line {random.Next(30, 60)}\n");
                sb.Append("--- End of stack trace from previous location ---\n");
                sb.Append("   at Microsoft.AspNetCore.Routing.EndpointMiddleware.Invoke(HttpContext httpContext)\n");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"{ts} WARN  [scheduler-1] c.e.jobs.RetryPolicy - Retrying job {random.Next(1000, 9999)} (attempt {random.Next(1, 5)}) after 429 from {Hosts[random.Next(Hosts.Length)]}\n");
            }
        }

        return sb.ToString();
    }
}
